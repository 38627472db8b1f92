package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.domain.ArticleEngagement.Counters;
import org.maproom.platform.Rejection;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class ArticleEngagementTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final String READER = "reader-0123456789abcdef";

  private final EventSourcedBehaviorTestKit<ArticleEngagement.Command, ArticleEngagement.Event, ArticleEngagement.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), ArticleEngagement.create("a1"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void viewsOfAnUnpublishedArticleAreRefusedAndNotRecorded() {
    var view = kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.RecordView(READER, reply));
    assertThat(Rejection.parse(view.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    assertThat(view.hasNoEvents()).isTrue();
  }

  @Test
  void openingIsIdempotentAndEachViewIsCounted() {
    assertThat(kit.<StatusReply<Done>>runCommand(ArticleEngagement.Open::new).event()).isEqualTo(new ArticleEngagement.Opened("a1"));
    assertThat(kit.<StatusReply<Done>>runCommand(ArticleEngagement.Open::new).hasNoEvents()).isTrue();
    kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.RecordView(READER, reply));
    var second = kit.<StatusReply<Counters>>runCommand(reply -> new ArticleEngagement.RecordView(READER, reply));
    assertThat(second.reply().getValue()).isEqualTo(new Counters("a1", 2, 0));
  }

  @Test
  void aCommentIsCountedOnceHoweverOftenItIsDelivered() {
    kit.<StatusReply<Done>>runCommand(ArticleEngagement.Open::new);
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.CountComment("c1", r)).events()).hasSize(1);
    assertThat(kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.CountComment("c1", r)).hasNoEvents()).isTrue();
    kit.<StatusReply<Done>>runCommand(r -> new ArticleEngagement.CountComment("c2", r));
    kit.restart();
    assertThat(kit.<StatusReply<Counters>>runCommand(ArticleEngagement.Get::new).reply().getValue().comments()).isEqualTo(2);
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    SerializationCheck.assertRoundTrips(testKit.system(), java.util.List.of(
        new ArticleEngagement.Opened("a1"),
        new ArticleEngagement.ViewRecorded("a1", READER),
        new ArticleEngagement.CommentCounted("a1", "c1"),
        new ArticleEngagement.State(true, 3, java.util.Set.of("c1", "c2")),
        new Counters("a1", 3, 2)),
        ArticleEngagement.Event.class);
  }
}
