package org.maproom.moderation.domain;

import java.time.Instant;
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

/** One comment: submitted as pending, invisible until a moderator approves it. The body is kept as written. */
public final class Comment extends EventSourcedEntity<Comment.Command, Comment.Event, Comment.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Comment");
  public static final EntityTags TAGS = new EntityTags("comment", 4);
  public static final int MAX_BODY = 5_000;

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  public record Submit(String articleId, String authorId, String authorName, String body, Instant at,
      ActorRef<StatusReply<View>> replyTo) implements Command {}

  public record Approve(String moderatorId, Instant at, ActorRef<StatusReply<View>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<View>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  public record Submitted(String commentId, String articleId, String authorId, String authorName, String body, Instant at)
      implements Event {}

  /** Carries what the public CommentApproved needs, so it is mapped from the event alone. */
  public record Approved(String commentId, String articleId, String authorName, String body, String moderatorId, Instant at)
      implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Blank() implements State {}

  public record Pending(Submitted submission) implements State {}

  public record Visible(Submitted submission, String approvedBy, Instant approvedAt) implements State {}

  public enum Status { pending, approved }

  public record View(String id, String articleId, String authorId, String authorName, String body, Status status,
      Instant createdAt) implements JsonSerializable {}

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

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Blank.class)
        .onCommand(Submit.class, (state, cmd) -> submit(cmd))
        .onCommand(Approve.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()));
    builder.forStateType(Pending.class)
        .onCommand(Submit.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.conflict("This comment exists already.")))
        .onCommand(Approve.class, (state, cmd) -> {
          Submitted s = state.submission();
          var approved = new Approved(commentId, s.articleId(), s.authorName(), s.body(), cmd.moderatorId(), cmd.at());
          return Effect().persist(approved).thenReply(cmd.replyTo(), st -> StatusReply.success(view(st)));
        })
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(view(state))));
    builder.forStateType(Visible.class)
        .onCommand(Submit.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.conflict("This comment exists already.")))
        // Approving again is a retry, not a new decision.
        .onCommand(Approve.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(view(state))))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(view(state))));
    return builder.build();
  }

  private StatusReply<View> notFound() {
    return Rejection.notFound("There is no comment '" + commentId + "'.");
  }

  private ReplyEffect<Event, State> submit(Submit cmd) {
    String body = cmd.body() == null ? "" : cmd.body().strip();
    if (body.isEmpty()) return Effect().reply(cmd.replyTo(), Rejection.invalid("The comment must not be empty."));
    if (body.codePointCount(0, body.length()) > MAX_BODY) {
      return Effect().reply(cmd.replyTo(), Rejection.invalid("The comment must be at most " + MAX_BODY + " characters."));
    }
    var submitted = new Submitted(commentId, cmd.articleId(), cmd.authorId(), cmd.authorName(), body, cmd.at());
    return Effect().persist(submitted).thenReply(cmd.replyTo(), s -> StatusReply.success(view(s)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Blank.class).onEvent(Submitted.class, (s, e) -> new Pending(e));
    builder.forStateType(Pending.class).onEvent(Approved.class, (s, e) -> new Visible(s.submission(), e.moderatorId(), e.at()));
    return builder.build();
  }

  private static View view(State state) {
    if (state instanceof Pending p) return view(p.submission(), Status.pending);
    if (state instanceof Visible v) return view(v.submission(), Status.approved);
    throw new IllegalStateException("no view of a blank comment");
  }

  private static View view(Submitted s, Status status) {
    return new View(s.commentId(), s.articleId(), s.authorId(), s.authorName(), s.body(), status, s.at());
  }
}
