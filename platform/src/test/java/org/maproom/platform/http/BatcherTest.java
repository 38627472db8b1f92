package org.maproom.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class BatcherTest {
  /** A service whose calls complete when the test says, recording what each call carried. */
  private final List<List<Integer>> calls = new ArrayList<>();
  private final List<CompletableFuture<List<String>>> answers = new ArrayList<>();
  private final Batcher<Integer, String> batcher = new Batcher<>(3, 1, (key, items) -> {
    calls.add(items);
    var answer = new CompletableFuture<List<String>>();
    answers.add(answer);
    return answer;
  });

  private static List<String> each(List<Integer> items, String prefix) {
    return items.stream().map(i -> prefix + i).toList();
  }

  @Test
  void itemsThatArriveWhileABatchIsOnItsWayGoTogetherNextEachAnsweredWithItsOwnResult() throws Exception {
    var first = batcher.add("a", 1);
    var second = batcher.add("a", 2);
    var third = batcher.add("a", 3);
    var fourth = batcher.add("a", 4);
    var fifth = batcher.add("a", 5);
    assertThat(calls).containsExactly(List.of(1));
    answers.get(0).complete(each(calls.get(0), "r"));
    assertThat(first.toCompletableFuture().get()).isEqualTo("r1");
    assertThat(calls).as("at most three a call").containsExactly(List.of(1), List.of(2, 3, 4));
    answers.get(1).complete(each(calls.get(1), "r"));
    assertThat(List.of(second, third, fourth).stream().map(s -> s.toCompletableFuture().join()).toList()).containsExactly("r2", "r3", "r4");
    answers.get(2).complete(each(calls.get(2), "r"));
    assertThat(fifth.toCompletableFuture().get()).isEqualTo("r5");
  }

  @Test
  void aFailedCallFailsEveryItemInItAndTheNextBatchStillGoes() {
    CompletionStage<String> failing = batcher.add("a", 1);
    CompletionStage<String> after = batcher.add("a", 2);
    answers.get(0).completeExceptionally(new IllegalStateException("down"));
    assertThat(failing.toCompletableFuture()).isCompletedExceptionally();
    assertThat(calls).containsExactly(List.of(1), List.of(2));
    answers.get(1).complete(List.of("ok"));
    assertThat(after.toCompletableFuture().join()).isEqualTo("ok");
  }

  @Test
  void aKeyWithNothingWaitingOrOnItsWayIsLetGo() throws ExecutionException, InterruptedException {
    for (int i = 0; i < 100; i++) batcher.add("made-up-" + i, i);
    assertThat(batcher.keysHeld()).isEqualTo(100);
    for (int i = 0; i < 100; i++) answers.get(i).complete(List.of("r"));
    assertThat(batcher.keysHeld()).isZero();
    assertThat(batcher.add("made-up-7", 7)).isNotDone();
    assertThat(batcher.keysHeld()).isEqualTo(1);
  }
}
