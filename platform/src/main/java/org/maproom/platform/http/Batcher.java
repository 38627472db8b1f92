package org.maproom.platform.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Many callers' items for one key (an article), sent to a service a batch at a time: while a batch is on its way, the
 * items that arrive wait and go together in the next one (a group commit, as an entity does with its journal). A quiet
 * key sends each item alone at once; a hot one sends one call per round trip, not one per caller. Each caller gets its
 * own item's result, or the batch's failure.
 *
 * @param <I> an item
 * @param <R> one item's result; {@code send} answers a batch with one result per item, in order
 */
public final class Batcher<I, R> {
  private record Waiting<I, R>(I item, CompletableFuture<R> result) {}

  private final int maxBatch;
  private final int maxInFlight;
  private final BiFunction<String, List<I>, CompletionStage<List<R>>> send;
  private final Map<String, Key> keys = new ConcurrentHashMap<>();

  /**
   * {@code maxBatch}: as many as the service takes in one call; {@code maxInFlight}: batches of one key on their way
   * at once (two: the next gathers while the service writes the last).
   */
  public Batcher(int maxBatch, int maxInFlight, BiFunction<String, List<I>, CompletionStage<List<R>>> send) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.send = send;
  }

  public CompletionStage<R> add(String key, I item) {
    while (true) {
      CompletionStage<R> result = keys.computeIfAbsent(key, Key::new).add(item);
      if (result != null) return result;
    }
  }

  /** Keys with items waiting or on their way; a key is let go when it has neither, so callers' made-up keys cost nothing. */
  int keysHeld() {
    return keys.size();
  }

  private final class Key {
    private final String key;
    private List<Waiting<I, R>> waiting = new ArrayList<>();
    private int inFlight;
    /** Removed from {@link #keys}: an add that raced with the removal goes to a new Key. */
    private boolean retired;

    Key(String key) {
      this.key = key;
    }

    /** Null if this key was just let go. */
    CompletionStage<R> add(I item) {
      var result = new CompletableFuture<R>();
      List<Waiting<I, R>> batch;
      synchronized (this) {
        if (retired) return null;
        waiting.add(new Waiting<>(item, result));
        batch = takeBatch();
      }
      if (batch != null) send(batch);
      return result;
    }

    /** The next batch if one may go now (under this key's lock). */
    private List<Waiting<I, R>> takeBatch() {
      if (inFlight >= maxInFlight || waiting.isEmpty()) return null;
      inFlight++;
      if (waiting.size() <= maxBatch) {
        List<Waiting<I, R>> batch = waiting;
        waiting = new ArrayList<>();
        return batch;
      }
      List<Waiting<I, R>> batch = new ArrayList<>(waiting.subList(0, maxBatch));
      waiting = new ArrayList<>(waiting.subList(maxBatch, waiting.size()));
      return batch;
    }

    private void send(List<Waiting<I, R>> batch) {
      CompletionStage<List<R>> sent;
      try {
        sent = Batcher.this.send.apply(key, batch.stream().map(Waiting::item).toList());
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((results, failure) -> {
        List<Waiting<I, R>> next;
        synchronized (this) {
          inFlight--;
          next = takeBatch();
          if (inFlight == 0 && waiting.isEmpty()) {
            retired = true;
            keys.remove(key, this);
          }
        }
        if (next != null) send(next);
        if (failure == null && results.size() != batch.size()) {
          failure = new IllegalStateException(batch.size() + " items sent, " + results.size() + " results");
        }
        for (int i = 0; i < batch.size(); i++) {
          if (failure == null) batch.get(i).result().complete(results.get(i));
          else batch.get(i).result().completeExceptionally(failure);
        }
      });
    }
  }
}
