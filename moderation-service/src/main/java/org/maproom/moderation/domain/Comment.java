package org.maproom.moderation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One comment. It is submitted as pending and invisible; a moderator approves it (visible) or rejects it with a
 * reason; an approved comment can be removed with a reason and restored. Its author may edit it within
 * {@link #EDIT_WINDOW} of writing it; an edit of an approved comment goes back to pending. The body is kept as written
 * (rendering escapes it) and is limited in graphemes, so an emoji sequence counts as one. Every decision carries who,
 * when and why, for the decision log. Readers may report a visible comment, once each; enough reports send it back to
 * the queue.
 */
public final class Comment extends EventSourcedEntity<Comment.Command, Comment.Event, Comment.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Comment");
  public static final EntityTags TAGS = new EntityTags("comment", 4);
  public static final int MAX_GRAPHEMES = 5_000;
  public static final Duration EDIT_WINDOW = Duration.ofMinutes(10);
  /** Who decides what screening decides. */
  public static final String AUTOMOD = "automod";
  /** Who wrote a comment whose author deleted their account. */
  public static final String ERASED_AUTHOR_ID = "deleted";
  public static final String ERASED_AUTHOR_NAME = "Deleted account";
  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  public enum Status { pending, approved, rejected, removed }

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /**
   * {@code parentId}: the comment this replies to (checked by the caller: approved, same article, not a reply).
   * {@code screening}: what automatic screening found; {@code skipQueue}: the thread lets this (trusted) author skip
   * the queue. A comment screening rejects is rejected by {@link #AUTOMOD}; one it holds waits with the reasons.
   */
  public record Submit(String articleId, String parentId, String authorId, String authorName, String body, Instant at,
      Screening.Verdict screening, boolean skipQueue, ActorRef<StatusReply<View>> replyTo) implements Command {}

  public record Approve(String moderatorId, Instant at, ActorRef<StatusReply<View>> replyTo) implements Command {}

  public record Reject(String moderatorId, String reason, String note, Instant at, ActorRef<StatusReply<View>> replyTo)
      implements Command {}

  public record Remove(String moderatorId, String reason, Instant at, ActorRef<StatusReply<View>> replyTo) implements Command {}

  public record Restore(String moderatorId, Instant at, ActorRef<StatusReply<View>> replyTo) implements Command {}

  public record Edit(String authorId, String body, Instant at, ActorRef<StatusReply<View>> replyTo) implements Command {}

  /**
   * A reader flags a visible comment, once. The report that makes {@code threshold} open reports takes the comment
   * back to the queue (hidden) until a moderator approves it again, which closes the open reports.
   */
  public record Report(String readerId, String reason, int threshold, Instant at, ActorRef<StatusReply<View>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<View>> replyTo) implements Command {}

  /**
   * Its author deleted their account: the author's name goes, and the text too unless the comment is visible and the
   * author chose to leave it up ({@code removeVisible} false), under "Deleted account". A pending comment leaves
   * the queue.
   */
  public record EraseAuthor(boolean removeVisible, Instant at, ActorRef<StatusReply<View>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {
    String commentId();

    String articleId();
  }

  /**
   * {@code parentId}: null for a top-level comment. {@code heldFor}: why screening held it for a moderator (null or
   * empty: nothing found). Both null in events written before replies and screening.
   */
  public record Submitted(String commentId, String articleId, String authorId, String authorName, String body, Instant at,
      String parentId, java.util.List<String> heldFor) implements Event {}

  /**
   * Carries what the public CommentApproved needs, so it is mapped from the event alone, and whom to tell.
   * {@code authorId}: null in events written before authors were told.
   */
  public record Approved(String commentId, String articleId, String authorName, String body, String moderatorId, Instant at,
      String authorId) implements Event {}

  /** {@code authorId}: whom to tell; null in events written before authors were told. */
  public record Rejected(String commentId, String articleId, String moderatorId, String reason, String note, Instant at,
      String authorId) implements Event {}

  public record Removed(String commentId, String articleId, String moderatorId, String reason, Instant at) implements Event {}

  /** Visible again, as it was approved. */
  public record Restored(String commentId, String articleId, String authorName, String body, String moderatorId, Instant at)
      implements Event {}

  /** {@code toQueue}: this report reached the threshold, and the comment left the page for the queue. */
  public record Reported(String commentId, String articleId, String readerId, String reason, boolean toQueue, Instant at)
      implements Event {}

  /** {@code wasVisible}: the edit took an approved comment back to pending (it leaves the page until approved again). */
  public record Edited(String commentId, String articleId, String body, boolean wasVisible, Instant at) implements Event {}

  /**
   * Everything the comment still is after its author's erasure, so that it can be the comment's only event left in
   * the journal (the read-model projection deletes the earlier ones, which hold the author's name and words).
   * {@code body}: empty when erased; {@code wasVisible}: it was on the page before.
   */
  public record AuthorErased(String commentId, String articleId, String parentId, Instant createdAt, String body,
      Status status, boolean wasVisible, java.util.Set<String> reporters, int openReports, Instant at) implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Blank() implements State {}

  /** {@code reporters}: every reader who ever reported it (once each); {@code openReports}: those since the last approval. */
  public record Existing(Submitted submission, String body, Status status, java.util.Set<String> reporters, int openReports)
      implements State {
    Existing with(Status next) {
      return new Existing(submission, body, next, reporters, next == Status.approved ? 0 : openReports);
    }

    Existing reportedBy(String readerId, boolean toQueue) {
      java.util.Set<String> more = new java.util.HashSet<>(reporters);
      more.add(readerId);
      return new Existing(submission, body, toQueue ? Status.pending : status, java.util.Set.copyOf(more), openReports + 1);
    }
  }

  public record View(String id, String articleId, String parentId, String authorId, String authorName, String body,
      Status status, Instant createdAt, java.util.List<String> heldFor) implements JsonSerializable {}

  // ---- wiring ----
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String commentId) {
    return Behaviors.setup(ctx -> new Comment(commentId));
  }

  private final String commentId;

  private Comment(String commentId) {
    super(ENTITY_KEY, commentId, TAGS.forEntity(commentId));
    this.commentId = commentId;
  }

  @Override
  public State emptyState() {
    return new Blank();
  }

  /** How many user-perceived characters: a flag, a family emoji or an accented letter counts as one. */
  public static int graphemes(String text) {
    Matcher m = GRAPHEME.matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  /** Why this body cannot be a comment, or null if it can. */
  public static String bodyProblem(String body) {
    if (body == null || body.isBlank()) return "The comment must not be empty.";
    if (graphemes(body.strip()) > MAX_GRAPHEMES) return "The comment must be at most " + MAX_GRAPHEMES + " characters.";
    return null;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Blank.class)
        .onCommand(Submit.class, (state, cmd) -> submit(cmd))
        .onCommand(Approve.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Reject.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Remove.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Restore.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Edit.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Report.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(EraseAuthor.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()));
    builder.forStateType(Existing.class)
        .onCommand(Submit.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.conflict("This comment exists already.")))
        .onCommand(Approve.class, this::approve)
        .onCommand(Reject.class, this::reject)
        .onCommand(Remove.class, this::remove)
        .onCommand(Restore.class, this::restore)
        .onCommand(Edit.class, this::edit)
        .onCommand(Report.class, this::report)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(view(state))))
        .onCommand(EraseAuthor.class, this::eraseAuthor);
    return builder.build();
  }

  private ReplyEffect<Event, State> submit(Submit cmd) {
    String problem = bodyProblem(cmd.body());
    if (problem != null) return Effect().reply(cmd.replyTo(), Rejection.invalid(problem));
    Screening.Verdict verdict = cmd.screening() == null ? Screening.Verdict.CLEAR : cmd.screening();
    String body = cmd.body().strip();
    var submitted = new Submitted(commentId, cmd.articleId(), cmd.authorId(), cmd.authorName(), body, cmd.at(), cmd.parentId(),
        verdict.held());
    java.util.List<Event> events = new java.util.ArrayList<>(java.util.List.of(submitted));
    if (verdict.rejectedFor() != null) {
      events.add(new Rejected(commentId, cmd.articleId(), AUTOMOD, verdict.rejectedFor(), null, cmd.at(), cmd.authorId()));
    } else if (cmd.skipQueue() && verdict.held().isEmpty()) {
      events.add(new Approved(commentId, cmd.articleId(), cmd.authorName(), body, AUTOMOD, cmd.at(), cmd.authorId()));
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.success(view(s)));
  }

  private ReplyEffect<Event, State> approve(Existing state, Approve cmd) {
    return switch (state.status()) {
      case approved -> unchanged(state, cmd.replyTo()); // a retry, not a new decision
      case pending, rejected -> persist(new Approved(commentId, articleId(state), state.submission().authorName(), state.body(),
          cmd.moderatorId(), cmd.at(), state.submission().authorId()), cmd.replyTo());
      case removed -> refuse(cmd.replyTo(), "A removed comment is restored, not approved.");
    };
  }

  private ReplyEffect<Event, State> reject(Existing state, Reject cmd) {
    if (cmd.reason() == null || cmd.reason().isBlank()) return Effect().reply(cmd.replyTo(), Rejection.invalid("A rejection needs a reason."));
    return switch (state.status()) {
      case rejected -> unchanged(state, cmd.replyTo());
      case pending -> persist(new Rejected(commentId, articleId(state), cmd.moderatorId(), cmd.reason(), cmd.note(), cmd.at(),
          state.submission().authorId()), cmd.replyTo());
      case approved, removed -> refuse(cmd.replyTo(), "An approved comment is removed, not rejected.");
    };
  }

  private ReplyEffect<Event, State> remove(Existing state, Remove cmd) {
    if (cmd.reason() == null || cmd.reason().isBlank()) return Effect().reply(cmd.replyTo(), Rejection.invalid("A removal needs a reason."));
    return switch (state.status()) {
      case removed -> unchanged(state, cmd.replyTo());
      case approved -> persist(new Removed(commentId, articleId(state), cmd.moderatorId(), cmd.reason(), cmd.at()), cmd.replyTo());
      case pending, rejected -> refuse(cmd.replyTo(), "Only a visible comment can be removed; reject it instead.");
    };
  }

  private ReplyEffect<Event, State> restore(Existing state, Restore cmd) {
    return switch (state.status()) {
      case approved -> unchanged(state, cmd.replyTo());
      case removed -> persist(new Restored(commentId, articleId(state), state.submission().authorName(), state.body(),
          cmd.moderatorId(), cmd.at()), cmd.replyTo());
      case pending, rejected -> refuse(cmd.replyTo(), "Only a removed comment can be restored.");
    };
  }

  private ReplyEffect<Event, State> edit(Existing state, Edit cmd) {
    if (!state.submission().authorId().equals(cmd.authorId())) {
      return Effect().reply(cmd.replyTo(), Rejection.forbidden("Only its author can edit a comment."));
    }
    if (cmd.at().isAfter(state.submission().at().plus(EDIT_WINDOW))) {
      return refuse(cmd.replyTo(), "A comment can be edited for " + EDIT_WINDOW.toMinutes() + " minutes after it was written.");
    }
    if (state.status() == Status.rejected || state.status() == Status.removed) {
      return refuse(cmd.replyTo(), "A " + state.status() + " comment cannot be edited.");
    }
    String problem = bodyProblem(cmd.body());
    if (problem != null) return Effect().reply(cmd.replyTo(), Rejection.invalid(problem));
    if (cmd.body().strip().equals(state.body())) return unchanged(state, cmd.replyTo());
    return persist(new Edited(commentId, articleId(state), cmd.body().strip(), state.status() == Status.approved, cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> report(Existing state, Report cmd) {
    if (state.submission().authorId().equals(cmd.readerId())) return refuse(cmd.replyTo(), "One does not report one's own comment.");
    if (state.reporters().contains(cmd.readerId())) return unchanged(state, cmd.replyTo());
    if (state.status() != Status.approved) return refuse(cmd.replyTo(), "Only a visible comment can be reported.");
    boolean toQueue = state.openReports() + 1 >= cmd.threshold();
    return persist(new Reported(commentId, articleId(state), cmd.readerId(), cmd.reason(), toQueue, cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> eraseAuthor(Existing state, EraseAuthor cmd) {
    if (ERASED_AUTHOR_ID.equals(state.submission().authorId())) return unchanged(state, cmd.replyTo());
    boolean visible = state.status() == Status.approved;
    boolean keep = visible && !cmd.removeVisible();
    Status next = keep ? Status.approved : state.status() == Status.rejected ? Status.rejected : Status.removed;
    Submitted s = state.submission();
    return persist(new AuthorErased(commentId, s.articleId(), s.parentId(), s.at(), keep ? state.body() : "", next, visible,
        state.reporters(), state.openReports(), cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> persist(Event event, ActorRef<StatusReply<View>> replyTo) {
    return Effect().persist(event).thenReply(replyTo, s -> StatusReply.success(view(s)));
  }

  private ReplyEffect<Event, State> unchanged(Existing state, ActorRef<StatusReply<View>> replyTo) {
    return Effect().reply(replyTo, StatusReply.success(view(state)));
  }

  private ReplyEffect<Event, State> refuse(ActorRef<StatusReply<View>> replyTo, String why) {
    return Effect().reply(replyTo, Rejection.conflict(why));
  }

  private StatusReply<View> notFound() {
    return Rejection.notFound("There is no comment '" + commentId + "'.");
  }

  private static String articleId(Existing state) {
    return state.submission().articleId();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Blank.class).onEvent(Submitted.class, (s, e) -> new Existing(e, e.body(), Status.pending, java.util.Set.of(), 0));
    builder.forAnyState().onEvent(AuthorErased.class, (s, e) -> new Existing(
        new Submitted(e.commentId(), e.articleId(), ERASED_AUTHOR_ID, ERASED_AUTHOR_NAME, e.body(), e.createdAt(), e.parentId(), null),
        e.body(), e.status(), e.reporters(), e.openReports()));
    builder.forStateType(Existing.class)
        .onEvent(Approved.class, (s, e) -> s.with(Status.approved))
        .onEvent(Rejected.class, (s, e) -> s.with(Status.rejected))
        .onEvent(Removed.class, (s, e) -> s.with(Status.removed))
        .onEvent(Restored.class, (s, e) -> s.with(Status.approved))
        .onEvent(Reported.class, (s, e) -> s.reportedBy(e.readerId(), e.toQueue()))
        .onEvent(Edited.class, (s, e) -> new Existing(s.submission(), e.body(), Status.pending, s.reporters(), s.openReports()));
    return builder.build();
  }

  private static View view(State state) {
    if (!(state instanceof Existing e)) throw new IllegalStateException("no view of a blank comment");
    Submitted s = e.submission();
    return new View(s.commentId(), s.articleId(), s.parentId(), s.authorId(), s.authorName(), e.body(), e.status(), s.at(),
        s.heldFor() == null ? java.util.List.of() : s.heldFor());
  }
}
