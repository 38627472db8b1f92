package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.EngagementApi.Counters;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.domain.ArticleEngagement.Hit;
import org.maproom.engagement.domain.DistinctReaders;
import org.maproom.engagement.domain.Poll;
import org.maproom.engagement.snapshots.CounterSnapshots;
import org.maproom.platform.Rejection;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class ArticleEngagementTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.forService("engagement-service.conf"));
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Poll POLL = new Poll("Is the map the territory?",
      List.of(new Poll.Option("1", "Yes"), new Poll.Option("2", "No")), T0.plus(Duration.ofDays(1)));

  private final TestProbe<CounterSnapshots.Command> snapshots = testKit.createTestProbe();
  private final EventSourcedBehaviorTestKit<ArticleEngagement.Command, ArticleEngagement.Event, ArticleEngagement.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), ArticleEngagement.create("a1", snapshots.ref()));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static List<Object> events(String articleId) {
    return PersistenceTestKit.create(testKit.system()).persistedInStorage("ArticleEngagement|" + articleId);
  }

  private static String reader(int i) {
    return String.format("reader-%016d", i);
  }

  private void open() {
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Open(POLL, r));
  }

  private StatusReply<Done> admit(String optionId, Instant at) {
    return kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Admit(optionId, at, r)).reply();
  }

  private void apply(ArticleEngagement.ChoiceChange... changes) {
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.ApplyChoices(List.of(changes), r));
  }

  private Counters hit(Hit hit) {
    return kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.Record(List.of(hit), reply)).reply().getValue();
  }

  private Counters beat(int reader, Instant at) {
    return kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.Heartbeat(reader(reader), at, reply)).reply().getValue();
  }

  private Counters get(Instant at) {
    return kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.Get(at, reply)).reply().getValue();
  }

  @Test
  void hitsOverTheirAddresssBudgetAreAnsweredButNeverWrittenAndTheEntitysOwnHitsSpendNone() {
    var dropped = new java.util.concurrent.atomic.AtomicInteger();
    var budgeted = EventSourcedBehaviorTestKit.<ArticleEngagement.Command, ArticleEngagement.Event, ArticleEngagement.State>create(
        testKit.system(), ArticleEngagement.create("budgeted", snapshots.ref(), new ArticleEngagement.Limits(2, dropped::addAndGet)));
    budgeted.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Open(null, r));
    List<Hit> five = java.util.stream.IntStream.range(0, 5).<Hit>mapToObj(i -> new Hit.View(reader(i), T0, null)).toList();
    var first = budgeted.<StatusReply<Counters>>runCommand(r -> new ArticleEngagement.Record(five,
        List.of("203.0.113.1", "203.0.113.1", "203.0.113.1", "198.51.100.2", "203.0.113.1"), r));
    assertThat(first.reply().getValue().views()).isEqualTo(3);
    assertThat(first.events()).containsExactly(new ArticleEngagement.HitsRecorded("budgeted", List.of(five.get(0), five.get(1), five.get(3))));
    var allOver = budgeted.<StatusReply<Counters>>runCommand(r -> new ArticleEngagement.Record(List.of(new Hit.Share(reader(9), T0, "x")),
        List.of("203.0.113.1"), r));
    assertThat(allOver.reply().getValue().shares()).as("answered with the counters as they are").isZero();
    assertThat(allOver.events()).isEmpty();
    assertThat(dropped.get()).isEqualTo(3);
    var beat = budgeted.<StatusReply<Counters>>runCommand(r -> new ArticleEngagement.Heartbeat(reader(7), T0, r));
    assertThat(beat.reply().getValue().active24h()).as("a heartbeat's own hit spends no address's budget").isEqualTo(4);
  }

  @Test
  void hitsOnAnUnpublishedArticleAreRefusedAndNotRecorded() {
    var view = kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.Record(List.of(new Hit.View(reader(1), T0, null)), reply));
    assertThat(Rejection.parse(view.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    var beat = kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.Heartbeat(reader(1), T0, reply));
    assertThat(beat.reply().isError()).isTrue();
    assertThat(events("a1")).isEmpty();
  }

  @Test
  void openingIsIdempotentAndFollowsThePoll() {
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Open(POLL, r)).event())
        .isEqualTo(new ArticleEngagement.Opened("a1", POLL));
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Open(POLL, r)).hasNoEvents()).isTrue();
    Poll edited = new Poll("Is the map the territory, really?", POLL.options(), null);
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Open(edited, r)).event())
        .isEqualTo(new ArticleEngagement.PollChanged("a1", edited));
    assertThat(get(T0).poll().question()).isEqualTo("Is the map the territory, really?");
    assertThat(get(T0).poll().closesAt()).isNull();
  }

  @Test
  void readersMayReactOnAPublishedArticleAndVoteForARealOptionUntilThePollCloses() {
    assertThat(Rejection.parse(admit(null, T0).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    open();
    assertThat(admit(null, T0).isSuccess()).isTrue();
    assertThat(admit("2", T0).isSuccess()).isTrue();
    assertThat(admit("7", T0).getError().getMessage()).contains("no option '7'");
    assertThat(admit("1", POLL.closesAt()).getError().getMessage()).contains("closed");
    assertThat(Rejection.parse(admit("1", POLL.closesAt()).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.Open(null, r));
    assertThat(admit("1", T0).getError().getMessage()).contains("no poll");
  }

  @Test
  void eachBucketEventIsAppliedOnceWhateverIsRedeliveredAndTheCountsShowInTheCounters() {
    open();
    var tap = new ArticleEngagement.ChoiceChange("ReaderChoices|a1#3", 1, Map.of("Moved", 1L), Map.of());
    var vote = new ArticleEngagement.ChoiceChange("ReaderChoices|a1#3", 2, Map.of(), Map.of("1", 1L));
    var otherBucket = new ArticleEngagement.ChoiceChange("ReaderChoices|a1#9", 1, Map.of("Moved", 1L), Map.of());
    apply(tap, vote);
    apply(tap, vote, otherBucket);
    apply(otherBucket);
    var changedMind = new ArticleEngagement.ChoiceChange("ReaderChoices|a1#3", 3, Map.of(), Map.of("2", 1L, "1", -1L));
    var tookBack = new ArticleEngagement.ChoiceChange("ReaderChoices|a1#9", 2, Map.of("Moved", -1L), Map.of());
    apply(changedMind, tookBack);
    apply(tap, changedMind);
    kit.restart();
    Counters c = get(T0);
    assertThat(c.reactions()).isEqualTo(Map.of("Moved", 1L));
    assertThat(c.poll().votes()).isEqualTo(1);
    assertThat(c.poll().options()).extracting(Counters.OptionResult::id, Counters.OptionResult::label, Counters.OptionResult::votes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "Yes", 0L), org.assertj.core.groups.Tuple.tuple("2", "No", 1L));
    assertThat(kit.getState().appliedUpTo()).isEqualTo(Map.of("ReaderChoices|a1#3", 3L, "ReaderChoices|a1#9", 2L));
  }

  @Test
  void theHistoryKeepsViewsAndDistinctReadersPerHourForFourteenDays() {
    open();
    hit(new Hit.View(reader(1), T0, null));
    hit(new Hit.View(reader(1), T0.plusSeconds(60), null));
    hit(new Hit.View(reader(2), T0.plusSeconds(120), null));
    hit(new Hit.Active(reader(3), T0.plusSeconds(180)));
    Instant later = T0.plus(Duration.ofHours(30));
    hit(new Hit.View(reader(4), later, null));
    kit.restart();
    var hours = history().hours();
    Instant hour0 = Instant.ofEpochSecond(T0.getEpochSecond() / 3600 * 3600);
    assertThat(hours).containsExactly(
        new EngagementApi.History.Hour(hour0, 3, 3),
        new EngagementApi.History.Hour(hour0.plus(Duration.ofHours(30)), 1, 1));

    // Fourteen days after the first hour, the first hour is gone; the one of day two stays.
    hit(new Hit.View(reader(5), T0.plus(Duration.ofDays(14)), null));
    assertThat(history().hours()).extracting(EngagementApi.History.Hour::hour)
        .containsExactly(hour0.plus(Duration.ofHours(30)), hour0.plus(Duration.ofDays(14)));
  }

  private EngagementApi.History history() {
    return kit.<StatusReply<EngagementApi.History>>runCommand(ArticleEngagement.GetHistory::new).reply().getValue();
  }

  @Test
  void viewsCountEveryTimeButReachCountsEachReaderOnce() {
    open();
    hit(new Hit.View(reader(1), T0, null));
    hit(new Hit.View(reader(1), T0.plusSeconds(5), null));
    Counters c = hit(new Hit.View(reader(2), T0.plusSeconds(9), null));
    assertThat(c.views()).isEqualTo(3);
    assertThat(c.reach()).isEqualTo(2);
    assertThat(c.active24h()).isEqualTo(2);
    kit.restart();
    assertThat(get(T0.plusSeconds(10))).extracting(Counters::views, Counters::reach).containsExactly(3L, 2L);
  }

  @Test
  void activeTwentyFourHoursSlidesByTheHourWhileReachStays() {
    open();
    hit(new Hit.View(reader(1), T0, null));
    hit(new Hit.View(reader(2), T0.plus(Duration.ofHours(5)), null));
    assertThat(get(T0.plus(Duration.ofHours(23))).active24h()).isEqualTo(2);
    assertThat(get(T0.plus(Duration.ofHours(24))).active24h()).as("reader 1's hour has left the window").isEqualTo(1);
    assertThat(get(T0.plus(Duration.ofHours(30))).active24h()).isZero();
    // Hours too old for any window are dropped from the state, but reach keeps everyone.
    Counters later = hit(new Hit.View(reader(3), T0.plus(Duration.ofHours(40)), null));
    assertThat(later.reach()).isEqualTo(3);
    assertThat(later.active24h()).isEqualTo(1);
    assertThat(kit.getState().readersByHour().keySet()).allMatch(h -> h > T0.plus(Duration.ofHours(40)).getEpochSecond() / 3600 - 24);
  }

  @Test
  void readingNowIsWhoBeatInTheLastMinuteAndIsNeverPersisted() {
    open();
    beat(1, T0);
    beat(2, T0.plusSeconds(30));
    assertThat(beat(3, T0.plusSeconds(45)).readingNow()).isEqualTo(3);
    assertThat(get(T0.plusSeconds(70)).readingNow()).as("reader 1 last beat 70 s ago").isEqualTo(2);
    assertThat(beat(1, T0.plusSeconds(80)).readingNow()).isEqualTo(3);
    assertThat(events("a1")).noneMatch(e -> e instanceof ArticleEngagement.HitsRecorded h
        && h.hits().stream().anyMatch(x -> !(x instanceof Hit.Active)));
  }

  @Test
  void aHeartbeatCountsTowardActive24hOncePerReaderAndHourNotAsAView() {
    open();
    beat(1, T0);
    beat(1, T0.plusSeconds(20));
    beat(1, T0.plusSeconds(40));
    Counters c = beat(1, T0.plus(Duration.ofMinutes(60)).plusSeconds(1));
    assertThat(c.active24h()).isEqualTo(1);
    assertThat(c.views()).isZero();
    assertThat(c.reach()).as("reach counts readers who opened the article").isZero();
    long activeHits = events("a1").stream()
        .filter(e -> e instanceof ArticleEngagement.HitsRecorded)
        .mapToLong(e -> ((ArticleEngagement.HitsRecorded) e).hits().size()).sum();
    assertThat(activeHits).as("one in the first hour, one in the next").isEqualTo(2);
  }

  @Test
  void everyChangeTellsTheSnapshotPublisherTheNewCounters() {
    open();
    hit(new Hit.Share(reader(1), T0, "x"));
    var told = snapshots.expectMessageClass(CounterSnapshots.Changed.class);
    assertThat(told.counters().shares()).isEqualTo(1);
    beat(2, T0);
    assertThat(snapshots.expectMessageClass(CounterSnapshots.Changed.class).counters().readingNow()).isEqualTo(1);
    beat(2, T0.plusSeconds(20));
    assertThat(snapshots.expectMessageClass(CounterSnapshots.Changed.class).counters().readingNow()).isEqualTo(1);
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.ShowComment("c1", r));
    assertThat(snapshots.expectMessageClass(CounterSnapshots.Changed.class).counters().comments()).isEqualTo(1);
    get(T0);
    snapshots.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void sharesCountByChannel() {
    open();
    hit(new Hit.Share(reader(1), T0, "x"));
    hit(new Hit.Share(reader(1), T0, "x"));
    Counters c = hit(new Hit.Share(reader(2), T0, "email"));
    assertThat(c.shares()).isEqualTo(3);
    assertThat(c.sharesByChannel()).isEqualTo(Map.of("x", 2L, "email", 1L));
  }

  @Test
  void inboundKeepsTheTopTwentyDomainsAndTheRestAsOther() {
    open();
    for (int d = 0; d < 25; d++) {
      for (int n = 0; n <= d; n++) hit(new Hit.View(reader(n), T0, "site" + d + ".example"));
    }
    hit(new Hit.View(reader(99), T0, null));
    Counters c = get(T0);
    assertThat(c.inbound()).isEqualTo(25 * 26 / 2);
    assertThat(c.inboundByDomain()).hasSize(21);
    assertThat(List.copyOf(c.inboundByDomain().keySet()).subList(0, 3)).containsExactly("site24.example", "site23.example", "site22.example");
    assertThat(c.inboundByDomain().get("other")).isEqualTo(1 + 2 + 3 + 4 + 5);
  }

  @Test
  void commentsShowAndHideIdempotentlyInOrder() {
    open();
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.ShowComment("c1", r)).events()).hasSize(1);
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.ShowComment("c1", r)).hasNoEvents()).isTrue();
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.ShowComment("c2", r));
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.HideComment("c1", r));
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.HideComment("c1", r)).hasNoEvents()).isTrue();
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.HideComment("never-shown", r)).hasNoEvents()).isTrue();
    kit.restart();
    assertThat(get(T0).comments()).isEqualTo(1);
  }

  /** Hits that arrive while a write is under way wait for the next one and share it: many hits, few events. */
  @Test
  void concurrentHitsAreGroupCommittedAndEachCallerIsAnsweredAfterItsHitIsWritten() throws Exception {
    var entity = testKit.spawn(ArticleEngagement.create("group-commit", testKit.system().ignoreRef()));
    TestProbe<StatusReply<Done>> opened = testKit.createTestProbe();
    entity.tell(new ArticleEngagement.Open(null, opened.ref()));
    opened.expectMessage(StatusReply.ack());

    List<CompletionStage<StatusReply<Counters>>> answers = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Hit hit = new Hit.View(reader(i), T0, null);
      answers.add(AskPattern.ask(entity, (ActorRef<StatusReply<Counters>> r) -> new ArticleEngagement.Record(List.of(hit), r),
          Duration.ofSeconds(10), testKit.scheduler()));
    }
    CompletableFuture.allOf(answers.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
        .get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answers).allMatch(a -> a.toCompletableFuture().join().isSuccess());
    long maxViewsSeen = answers.stream().mapToLong(a -> a.toCompletableFuture().join().getValue().views()).max().orElseThrow();
    assertThat(maxViewsSeen).isEqualTo(2000);

    var events = events("group-commit");
    long hits = events.stream().filter(e -> e instanceof ArticleEngagement.HitsRecorded)
        .mapToLong(e -> ((ArticleEngagement.HitsRecorded) e).hits().size()).sum();
    assertThat(hits).isEqualTo(2000);
    assertThat(events).as("far fewer writes than hits").hasSizeLessThan(500);
  }

  @Test
  void distinctCountsAreExactAtSmallSizesAndWithinTwoPercentAtTenMillion() {
    DistinctReaders few = new DistinctReaders();
    for (int i = 1; i <= 20_000; i++) {
      few.add(reader(i));
      if (i <= 1500) assertThat(few.count()).as("after %d readers", i).isEqualTo(i);
      else assertThat((double) few.count()).as("after %d readers", i).isCloseTo(i, org.assertj.core.data.Percentage.withPercentage(2));
    }
    DistinctReaders many = new DistinctReaders();
    for (int i = 0; i < 10_000_000; i++) many.add(Integer.toString(i));
    assertThat((double) many.count()).isCloseTo(10_000_000, org.assertj.core.data.Percentage.withPercentage(2));
    DistinctReaders copy = DistinctReaders.fromBytes(many.toBytes());
    assertThat((double) DistinctReaders.countAcross(List.of(copy, many))).as("the same readers twice count once")
        .isCloseTo(10_000_000, org.assertj.core.data.Percentage.withPercentage(2));
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    DistinctReaders reach = new DistinctReaders();
    reach.add(reader(1));
    var hours = new java.util.TreeMap<Long, DistinctReaders>(Map.of(491_234L, reach));
    SerializationCheck.assertRoundTrips(testKit.system(), List.of(
        new ArticleEngagement.Opened("a1", POLL),
        new ArticleEngagement.PollChanged("a1", null),
        new ArticleEngagement.ChoicesApplied("a1", Map.of("Moved", 1L), Map.of("1", -1L, "2", 1L), Map.of("ReaderChoices|a1#3", 4L)),
        new ArticleEngagement.HitsRecorded("a1", List.of(new Hit.View(reader(1), T0, "example.org"),
            new Hit.Active(reader(2), T0), new Hit.Share(reader(3), T0, "x"))),
        new ArticleEngagement.CommentCounted("a1", "c1"),
        new ArticleEngagement.CommentUncounted("a1", "c1"),
        new ArticleEngagement.State(true, 3, reach, hours, Map.of("x", 1L), Map.of("example.org", 2L), Set.of("c1", "c2"),
            POLL, Map.of("Moved", 1L), Map.of("2", 1L), Map.of("ReaderChoices|a1#3", 4L),
            new java.util.TreeMap<>(Map.of(491_234L, new ArticleEngagement.Hour(3, 1)))),
        new Counters("a1", 3, 1, 1, 1, 1, Map.of("x", 1L), 2, Map.of("example.org", 2L), 2, Map.of("Moved", 1L),
            new Counters.PollResults("Q?", T0, 1, List.of(new Counters.OptionResult("1", "Yes", 1)))),
        // What crosses nodes with a gateway's batch of taps: the choosers, and the flags back.
        new ArticleEngagement.Chooser(reader(1), "203.0.113.1"), new ArticleEngagement.Admitted(List.of(true, false))),
        ArticleEngagement.Event.class);
  }
}
