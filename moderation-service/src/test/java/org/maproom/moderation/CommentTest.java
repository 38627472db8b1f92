package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.domain.Comment.Status;
import org.maproom.moderation.domain.Screening;
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

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Comment.Command, Comment.Event, Comment.State, StatusReply<Comment.View>>
      run(java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<Comment.View>>, Comment.Command> command) {
    return kit.runCommand(command);
  }

  private StatusReply<Comment.View> submit(String body) {
    return run(r -> new Comment.Submit("a1", null, "u1", "Rea", body, T0, Screening.Verdict.CLEAR, false, r)).reply();
  }

  private Status status() {
    return run(Comment.Get::new).reply().getValue().status();
  }

  private static Rejection.Kind kind(StatusReply<?> reply) {
    return Rejection.parse(reply.getError().getMessage()).kind();
  }

  @Test
  void aSubmittedCommentIsPendingUntilApprovedAndApprovingTwiceIsOneDecision() {
    assertThat(submit("Good piece.").getValue().status()).isEqualTo(Status.pending);
    var approve = run(r -> new Comment.Approve("mod", T0.plusSeconds(5), r));
    assertThat(approve.event()).isEqualTo(new Comment.Approved("c1", "a1", "Rea", "Good piece.", "mod", T0.plusSeconds(5), "u1"));
    assertThat(approve.reply().getValue().status()).isEqualTo(Status.approved);
    assertThat(run(r -> new Comment.Approve("mod2", T0, r)).hasNoEvents()).isTrue();
  }

  @Test
  void aPendingCommentIsRejectedWithAReasonAndMayStillBeApprovedLater() {
    submit("Buy cheap watches at example.com");
    var noReason = run(r -> new Comment.Reject("mod", " ", null, T0, r));
    assertThat(kind(noReason.reply())).isEqualTo(Rejection.Kind.INVALID);
    assertThat(noReason.hasNoEvents()).isTrue();
    var reject = run(r -> new Comment.Reject("mod", "spam", "link farm", T0.plusSeconds(9), r));
    assertThat(reject.event()).isEqualTo(new Comment.Rejected("c1", "a1", "mod", "spam", "link farm", T0.plusSeconds(9), "u1"));
    assertThat(run(r -> new Comment.Reject("mod", "spam", null, T0, r)).hasNoEvents()).as("rejecting again").isTrue();
    assertThat(kind(run(r -> new Comment.Remove("mod", "spam", T0, r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
    assertThat(run(r -> new Comment.Approve("mod2", T0.plusSeconds(60), r)).reply().getValue().status())
        .as("a moderator may overturn a rejection").isEqualTo(Status.approved);
  }

  @Test
  void aVisibleCommentIsRemovedWithAReasonAndRestored() {
    submit("Good piece.");
    run(r -> new Comment.Approve("mod", T0, r));
    assertThat(kind(run(r -> new Comment.Reject("mod", "spam", null, T0, r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
    assertThat(kind(run(r -> new Comment.Remove("mod", "", T0, r)).reply())).isEqualTo(Rejection.Kind.INVALID);
    var remove = run(r -> new Comment.Remove("mod", "off-topic", T0.plusSeconds(30), r));
    assertThat(remove.event()).isEqualTo(new Comment.Removed("c1", "a1", "mod", "off-topic", T0.plusSeconds(30)));
    assertThat(run(r -> new Comment.Remove("mod", "off-topic", T0, r)).hasNoEvents()).isTrue();
    assertThat(kind(run(r -> new Comment.Approve("mod", T0, r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
    var restore = run(r -> new Comment.Restore("admin", T0.plusSeconds(90), r));
    assertThat(restore.event()).isEqualTo(new Comment.Restored("c1", "a1", "Rea", "Good piece.", "admin", T0.plusSeconds(90)));
    assertThat(run(r -> new Comment.Restore("admin", T0, r)).hasNoEvents()).isTrue();
    kit.restart();
    assertThat(status()).isEqualTo(Status.approved);
  }

  @Test
  void onlyRemovedCommentsAreRestored() {
    submit("Good piece.");
    assertThat(kind(run(r -> new Comment.Restore("mod", T0, r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
    assertThat(kind(run(r -> new Comment.Remove("mod", "spam", T0, r)).reply())).as("pending: reject instead")
        .isEqualTo(Rejection.Kind.CONFLICT);
  }

  @Test
  void itsAuthorMayEditItForTenMinutesAndAnEditedVisibleCommentGoesBackToTheQueue() {
    submit("Good piece.");
    assertThat(kind(run(r -> new Comment.Edit("someone-else", "Bad piece.", T0.plusSeconds(10), r)).reply()))
        .isEqualTo(Rejection.Kind.FORBIDDEN);
    var pendingEdit = run(r -> new Comment.Edit("u1", "Good piece, mostly.", T0.plusSeconds(60), r));
    assertThat(pendingEdit.event()).isEqualTo(new Comment.Edited("c1", "a1", "Good piece, mostly.", false, T0.plusSeconds(60)));
    run(r -> new Comment.Approve("mod", T0.plusSeconds(120), r));
    var visibleEdit = run(r -> new Comment.Edit("u1", "Good piece, mostly right.", T0.plusSeconds(500), r));
    assertThat(visibleEdit.event()).isEqualTo(new Comment.Edited("c1", "a1", "Good piece, mostly right.", true, T0.plusSeconds(500)));
    assertThat(visibleEdit.reply().getValue().status()).isEqualTo(Status.pending);
    assertThat(run(r -> new Comment.Edit("u1", "Good piece, mostly right.", T0.plusSeconds(510), r)).hasNoEvents())
        .as("the same text again").isTrue();
    assertThat(kind(run(r -> new Comment.Edit("u1", "Late.", T0.plus(Comment.EDIT_WINDOW).plusSeconds(1), r)).reply()))
        .isEqualTo(Rejection.Kind.CONFLICT);
    assertThat(kind(run(r -> new Comment.Edit("u1", " ", T0.plusSeconds(520), r)).reply())).isEqualTo(Rejection.Kind.INVALID);
    // Approving again publishes the edited text.
    assertThat(run(r -> new Comment.Approve("mod", T0.plusSeconds(600), r)).event())
        .isEqualTo(new Comment.Approved("c1", "a1", "Rea", "Good piece, mostly right.", "mod", T0.plusSeconds(600), "u1"));
  }

  @Test
  void rejectedCommentsCannotBeEdited() {
    submit("Good piece.");
    run(r -> new Comment.Reject("mod", "spam", null, T0, r));
    assertThat(kind(run(r -> new Comment.Edit("u1", "Better.", T0.plusSeconds(5), r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
  }

  @Test
  void emptyAndOverlongBodiesAreRefusedAndTheBodyIsKeptAsWritten() {
    assertThat(kind(submit("   "))).isEqualTo(Rejection.Kind.INVALID);
    assertThat(kind(submit("x".repeat(Comment.MAX_GRAPHEMES + 1)))).isEqualTo(Rejection.Kind.INVALID);
    assertThat(kit.getState()).isInstanceOf(Comment.Blank.class);
    assertThat(submit("  <b>bold</b> & \"quoted\"\n").getValue().body()).isEqualTo("<b>bold</b> & \"quoted\"");
  }

  @Test
  void theLengthLimitCountsWhatReadersSeeAsOneCharacterAsOne() {
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // one family emoji, 7 code points
    String flag = "\uD83C\uDDF3\uD83C\uDDF4";
    assertThat(Comment.graphemes(family + flag + "e\u0301")).isEqualTo(3);
    assertThat(Comment.bodyProblem(family.repeat(Comment.MAX_GRAPHEMES))).isNull();
    assertThat(Comment.bodyProblem(family.repeat(Comment.MAX_GRAPHEMES + 1))).contains("at most");
  }

  @Test
  void whatScreeningFoundDecidesBeforeAHumanDoes() {
    var held = run(r -> new Comment.Submit("a1", null, "u1", "Rea", "Click here", T0,
        new Screening.Verdict(null, List.of("suspect words"), true), true, r));
    assertThat(held.events()).hasSize(1);
    assertThat(held.reply().getValue().status()).as("held, even for a trusted author").isEqualTo(Status.pending);
    assertThat(held.reply().getValue().heldFor()).containsExactly("suspect words");
  }

  @Test
  void aTrustedAuthorSkipsTheQueueWhereTheThreadAllowsIt() {
    var skipped = run(r -> new Comment.Submit("a1", null, "u1", "Rea", "Fine words.", T0, new Screening.Verdict(null, List.of(), true), true, r));
    assertThat(skipped.events()).containsExactly(
        new Comment.Submitted("c1", "a1", "u1", "Rea", "Fine words.", T0, null, List.of()),
        new Comment.Approved("c1", "a1", "Rea", "Fine words.", Comment.AUTOMOD, T0, "u1"));
    assertThat(skipped.reply().getValue().status()).isEqualTo(Status.approved);
  }

  @Test
  void bannedWordsAreRejectedByTheAutomaticModerator() {
    var rejected = run(r -> new Comment.Submit("a1", null, "u1", "Rea", "slur", T0, new Screening.Verdict("banned words", List.of(), true), true, r));
    assertThat(rejected.events()).element(1).isEqualTo(new Comment.Rejected("c1", "a1", Comment.AUTOMOD, "banned words", null, T0, "u1"));
    assertThat(rejected.reply().getValue().status()).isEqualTo(Status.rejected);
  }

  private StatusReply<Comment.View> report(String reader, Instant at) {
    return run(r -> new Comment.Report(reader, "spam", 2, at, r)).reply();
  }

  @Test
  void readersReportAVisibleCommentOnceEachAndEnoughReportsSendItBackToTheQueue() {
    submit("Good piece.");
    assertThat(kind(report("u2", T0))).as("not visible yet").isEqualTo(Rejection.Kind.CONFLICT);
    run(r -> new Comment.Approve("mod", T0, r));
    assertThat(kind(report("u1", T0))).as("its own author").isEqualTo(Rejection.Kind.CONFLICT);
    var first = run(r -> new Comment.Report("u2", "spam", 2, T0.plusSeconds(1), r));
    assertThat(first.event()).isEqualTo(new Comment.Reported("c1", "a1", "u2", "spam", false, T0.plusSeconds(1)));
    assertThat(run(r -> new Comment.Report("u2", "abuse", 2, T0.plusSeconds(2), r)).hasNoEvents()).as("once per reader").isTrue();
    var second = run(r -> new Comment.Report("u3", "abuse", 2, T0.plusSeconds(3), r));
    assertThat(second.event()).isEqualTo(new Comment.Reported("c1", "a1", "u3", "abuse", true, T0.plusSeconds(3)));
    assertThat(second.reply().getValue().status()).isEqualTo(Status.pending);
    // A moderator approves it again: the open reports close, and one more report does not hide it.
    run(r -> new Comment.Approve("mod", T0.plusSeconds(60), r));
    assertThat(report("u4", T0.plusSeconds(61)).getValue().status()).isEqualTo(Status.approved);
    assertThat(run(r -> new Comment.Report("u2", "spam", 2, T0.plusSeconds(62), r)).hasNoEvents()).as("reporters stay known").isTrue();
    kit.restart();
    assertThat(((Comment.Existing) kit.getState()).openReports()).isEqualTo(1);
  }

  @Test
  void unknownCommentsAreNotFound() {
    assertThat(kind(run(r -> new Comment.Approve("mod", T0, r)).reply())).isEqualTo(Rejection.Kind.NOT_FOUND);
    assertThat(kind(run(r -> new Comment.Edit("u1", "x", T0, r)).reply())).isEqualTo(Rejection.Kind.NOT_FOUND);
    assertThat(kind(run(Comment.Get::new).reply())).isEqualTo(Rejection.Kind.NOT_FOUND);
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var submitted = new Comment.Submitted("c1", "a1", "u1", "Rea", "Hi \uD83D\uDE00", T0, "c0", List.of("repeated text"));
    SerializationCheck.assertRoundTrips(testKit.system(), List.of(
        submitted,
        new Comment.Approved("c1", "a1", "Rea", "Hi", "mod", T0, "u1"),
        new Comment.Rejected("c1", "a1", "mod", "spam", null, T0, "u1"),
        new Comment.Removed("c1", "a1", "mod", "abuse", T0),
        new Comment.Restored("c1", "a1", "Rea", "Hi", "mod", T0),
        new Comment.Edited("c1", "a1", "Hi!", true, T0),
        new Comment.Reported("c1", "a1", "u2", "spam", true, T0),
        new Comment.AuthorErased("c1", "a1", "c0", T0, "Hi", Status.approved, true, java.util.Set.of("u2"), 1, T0),
        new Comment.Existing(submitted, "Hi!", Status.pending, java.util.Set.of("u2"), 1),
        new Comment.View("c1", "a1", "c0", "u1", "Rea", "Hi", Status.approved, T0, List.of())),
        Comment.Event.class);
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Comment.Command, Comment.Event, Comment.State, StatusReply<Comment.View>>
      erase(boolean removeVisible) {
    return run(r -> new Comment.EraseAuthor(removeVisible, T0.plusSeconds(99), r));
  }

  @Test
  void anErasedAuthorsVisibleCommentStaysUpUnderDeletedAccountWhenTheyChooseSo() {
    submit("Good piece.");
    run(r -> new Comment.Approve("mod", T0.plusSeconds(5), r));
    var erased = erase(false);
    assertThat(erased.event()).isEqualTo(
        new Comment.AuthorErased("c1", "a1", null, T0, "Good piece.", Status.approved, true, java.util.Set.of(), 0, T0.plusSeconds(99)));
    assertThat(erased.reply().getValue()).extracting(Comment.View::authorId, Comment.View::authorName, Comment.View::body)
        .containsExactly(Comment.ERASED_AUTHOR_ID, Comment.ERASED_AUTHOR_NAME, "Good piece.");
    assertThat(erase(true).hasNoEvents()).as("erased once").isTrue();
    assertThat(kind(run(r -> new Comment.Edit("u1", "Mine again", T0.plusSeconds(100), r)).reply())).isEqualTo(Rejection.Kind.FORBIDDEN);
  }

  @Test
  void otherwiseTheTextGoesAndAPendingCommentLeavesTheQueue() {
    submit("Still waiting.");
    var pending = erase(false);
    assertThat(pending.reply().getValue()).extracting(Comment.View::status, Comment.View::body).containsExactly(Status.removed, "");

    kit.clear();
    submit("Up for now.");
    run(r -> new Comment.Approve("mod", T0.plusSeconds(5), r));
    var removed = erase(true).event();
    assertThat(removed).isInstanceOf(Comment.AuthorErased.class);
    assertThat(((Comment.AuthorErased) removed).wasVisible()).isTrue();
    assertThat(((Comment.AuthorErased) removed).status()).isEqualTo(Status.removed);

    kit.clear();
    submit("Rude.");
    run(r -> new Comment.Reject("mod", "abuse", null, T0.plusSeconds(5), r));
    assertThat(erase(false).reply().getValue()).extracting(Comment.View::status, Comment.View::body).containsExactly(Status.rejected, "");
  }

  @Test
  void aCommentRecoversFromItsAuthorErasedEventAlone() {
    kit.initialize(new Comment.AuthorErased("c1", "a1", "c0", T0, "Kept.", Status.approved, true, java.util.Set.of("u2"), 1, T0));
    var view = run(Comment.Get::new).reply().getValue();
    assertThat(view).extracting(Comment.View::articleId, Comment.View::parentId, Comment.View::authorName, Comment.View::body,
        Comment.View::status, Comment.View::createdAt).containsExactly("a1", "c0", Comment.ERASED_AUTHOR_NAME, "Kept.", Status.approved, T0);
    assertThat(run(r -> new Comment.Report("u2", "spam", 3, T0, r)).hasNoEvents()).as("its reports are kept").isTrue();
  }
}
