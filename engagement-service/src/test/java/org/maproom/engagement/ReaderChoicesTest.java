package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.engagement.domain.ArticleEngagement.ChoiceChange;
import org.maproom.engagement.domain.ReaderChoices;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class ReaderChoicesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.forService("engagement-service.conf"));
  private static final String ANA = "reader-ana-0000000000";
  private static final String BO = "reader-bo-00000000000";

  private final EventSourcedBehaviorTestKit<ReaderChoices.Command, ReaderChoices.Event, ReaderChoices.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), ReaderChoices.create("a1#7"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<ReaderChoices.Command, ReaderChoices.Event, ReaderChoices.State,
      StatusReply<EngagementApi.ReaderChoices>> react(String reader, String kind, boolean held) {
    return kit.runCommand(r -> new ReaderChoices.SetReaction(reader, kind, held, r));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<ReaderChoices.Command, ReaderChoices.Event, ReaderChoices.State,
      StatusReply<EngagementApi.ReaderChoices>> vote(String reader, String option) {
    return kit.runCommand(r -> new ReaderChoices.Vote(reader, option, r));
  }

  @Test
  void aReaderHoldsAtMostOneOfEachKindAndCanTakeItBack() {
    assertThat(react(ANA, "Moved", true).event()).isEqualTo(new ReaderChoices.ReactionSet("a1", ANA, "Moved", true));
    assertThat(react(ANA, "Moved", true).hasNoEvents()).as("tapping what one holds again changes nothing").isTrue();
    var both = react(ANA, "Skeptical", true);
    assertThat(both.reply().getValue().reactions()).containsExactlyInAnyOrder("Moved", "Skeptical");
    assertThat(react(ANA, "Moved", false).event()).isEqualTo(new ReaderChoices.ReactionSet("a1", ANA, "Moved", false));
    assertThat(react(ANA, "Moved", false).hasNoEvents()).isTrue();
    assertThat(react(BO, "Insightful", false).hasNoEvents()).as("taking back what one never took").isTrue();
    kit.restart();
    var mine = kit.<StatusReply<EngagementApi.ReaderChoices>>runCommand(r -> new ReaderChoices.Get(ANA, r)).reply().getValue();
    assertThat(mine).isEqualTo(new EngagementApi.ReaderChoices(Set.of("Skeptical"), null));
  }

  @Test
  void oneVotePerReaderThatCanChange() {
    assertThat(vote(ANA, "1").event()).isEqualTo(new ReaderChoices.VoteCast("a1", ANA, "1", null));
    assertThat(vote(ANA, "1").hasNoEvents()).isTrue();
    assertThat(vote(ANA, "2").event()).isEqualTo(new ReaderChoices.VoteCast("a1", ANA, "2", "1"));
    assertThat(vote(BO, "2").reply().getValue()).isEqualTo(new EngagementApi.ReaderChoices(Set.of(), "2"));
  }

  @Test
  void eachEventSaysWhatItChangesInTheCounts() {
    assertThat(new ReaderChoices.ReactionSet("a1", ANA, "Moved", true).change("b", 4))
        .isEqualTo(new ChoiceChange("b", 4, Map.of("Moved", 1L), Map.of()));
    assertThat(new ReaderChoices.ReactionSet("a1", ANA, "Moved", false).change("b", 5).reactions()).isEqualTo(Map.of("Moved", -1L));
    assertThat(new ReaderChoices.VoteCast("a1", ANA, "1", null).change("b", 6).votes()).isEqualTo(Map.of("1", 1L));
    assertThat(new ReaderChoices.VoteCast("a1", ANA, "2", "1").change("b", 7).votes()).isEqualTo(Map.of("2", 1L, "1", -1L));
  }

  @Test
  void readersAreSpreadOverAFixedSetOfBucketsPerArticle() {
    assertThat(ReaderChoices.entityId("an-article", ANA)).isEqualTo(ReaderChoices.entityId("an-article", ANA)).startsWith("an-article#");
    long buckets = java.util.stream.IntStream.range(0, 20_000)
        .mapToObj(i -> ReaderChoices.entityId("a", "reader-" + i + "-xxxxxxxxxx")).distinct().count();
    assertThat(buckets).isEqualTo(ReaderChoices.BUCKETS);
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    SerializationCheck.assertRoundTrips(testKit.system(), List.of(
        new ReaderChoices.ReactionSet("a1", ANA, "Moved", true),
        new ReaderChoices.VoteCast("a1", ANA, "2", "1"),
        new ReaderChoices.State(Map.of(ANA, new ReaderChoices.Mine(Set.of("Moved"), "2"))),
        new EngagementApi.ReaderChoices(Set.of("Moved"), null)),
        ReaderChoices.Event.class);
  }
}
