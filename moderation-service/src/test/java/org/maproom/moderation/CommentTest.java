package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.moderation.domain.Comment;
import org.maproom.platform.Rejection;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class CommentTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final EventSourcedBehaviorTestKit<Comment.Command, Comment.Event, Comment.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), Comment.create("c1"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private StatusReply<Comment.View> submit(String body) {
    return kit.<StatusReply<Comment.View>>runCommand(r -> new Comment.Submit("a1", "u1", "Rea", body, T0, r)).reply();
  }

  @Test
  void aSubmittedCommentIsPendingUntilApprovedAndApprovingTwiceIsOneDecision() {
    assertThat(submit("  Good piece.  ").getValue().status()).isEqualTo(Comment.Status.pending);
    var approve = kit.<StatusReply<Comment.View>>runCommand(r -> new Comment.Approve("mod", T0.plusSeconds(5), r));
    assertThat(approve.event()).isEqualTo(new Comment.Approved("c1", "a1", "Rea", "Good piece.", "mod", T0.plusSeconds(5)));
    assertThat(approve.reply().getValue().status()).isEqualTo(Comment.Status.approved);
    assertThat(kit.<StatusReply<Comment.View>>runCommand(r -> new Comment.Approve("mod2", T0, r)).hasNoEvents()).isTrue();
    kit.restart();
    assertThat(kit.<StatusReply<Comment.View>>runCommand(Comment.Get::new).reply().getValue().status()).isEqualTo(Comment.Status.approved);
  }

  @Test
  void emptyAndOverlongBodiesAreRefusedAndTheBodyIsKeptAsWritten() {
    assertThat(Rejection.parse(submit("   ").getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    assertThat(Rejection.parse(submit("x".repeat(Comment.MAX_BODY + 1)).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    // 5,000 emoji are 10,000 UTF-16 units but 5,000 characters: accepted.
    assertThat(submit("\uD83D\uDE00".repeat(Comment.MAX_BODY)).isSuccess()).isTrue();
  }

  @Test
  void approvingAnUnknownCommentIsNotFound() {
    var r = kit.<StatusReply<Comment.View>>runCommand(rr -> new Comment.Approve("mod", T0, rr));
    assertThat(Rejection.parse(r.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    assertThat(r.hasNoEvents()).isTrue();
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var submitted = new Comment.Submitted("c1", "a1", "u1", "Rea", "Hi \uD83D\uDE00", T0);
    SerializationCheck.assertRoundTrips(testKit.system(), java.util.List.of(
        submitted,
        new Comment.Approved("c1", "a1", "Rea", "Hi", "mod", T0),
        new Comment.Blank(),
        new Comment.Pending(submitted),
        new Comment.Visible(submitted, "mod", T0),
        new Comment.View("c1", "a1", "u1", "Rea", "Hi", Comment.Status.pending, T0)),
        Comment.Event.class, Comment.State.class);
  }
}
