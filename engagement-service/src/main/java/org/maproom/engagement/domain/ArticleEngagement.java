package org.maproom.engagement.domain;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.PersistFailures;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One article's engagement counters. It exists for readers once content-service has published the article (learned
 * from maproom.content.v1). Comments are counted by comment id, so a redelivered CommentApproved counts once.
 */
public final class ArticleEngagement
    extends EventSourcedBehaviorWithEnforcedReplies<ArticleEngagement.Command, ArticleEngagement.Event, ArticleEngagement.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ArticleEngagement");
  public static final EntityTags TAGS = new EntityTags("engagement", 4);

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /** The article was published: readers may now be counted. Idempotent. */
  public record Open(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record RecordView(String readerId, ActorRef<StatusReply<Counters>> replyTo) implements Command {}

  /** A comment became visible. Idempotent per comment id. */
  public record CountComment(String commentId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Counters>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  public record Opened(String articleId) implements Event {}

  public record ViewRecorded(String articleId, String readerId) implements Event {}

  public record CommentCounted(String articleId, String commentId) implements Event {}

  // ---- state ----
  public record State(boolean open, long views, Set<String> visibleComments) implements JsonSerializable {
    static State empty() {
      return new State(false, 0, Set.of());
    }

    State withComment(String commentId) {
      Set<String> more = new HashSet<>(visibleComments);
      more.add(commentId);
      return new State(open, views, Set.copyOf(more));
    }
  }

  public record Counters(String articleId, long views, long comments) implements JsonSerializable {}

  // ---- wiring ----
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String articleId) {
    return Behaviors.setup(ctx -> new ArticleEngagement(articleId));
  }

  private final String articleId;

  private ArticleEngagement(String articleId) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), articleId),
        PersistFailures.RESTART_WITH_BACKOFF);
    this.articleId = articleId;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAGS.forEntity(articleId));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Open.class, (state, cmd) -> state.open()
            ? Effect().reply(cmd.replyTo(), StatusReply.ack())
            : Effect().persist(new Opened(articleId)).thenReply(cmd.replyTo(), s -> StatusReply.ack()))
        .onCommand(RecordView.class, (state, cmd) -> state.open()
            ? Effect().persist(new ViewRecorded(articleId, cmd.readerId()))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(counters(s)))
            : Effect().reply(cmd.replyTo(), unknown()))
        .onCommand(CountComment.class, (state, cmd) -> state.visibleComments().contains(cmd.commentId())
            ? Effect().reply(cmd.replyTo(), StatusReply.ack())
            : Effect().persist(new CommentCounted(articleId, cmd.commentId())).thenReply(cmd.replyTo(), s -> StatusReply.ack()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state.open() ? StatusReply.success(counters(state)) : unknown()))
        .build();
  }

  private StatusReply<Counters> unknown() {
    return Rejection.notFound("There is no published article '" + articleId + "'.");
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Opened.class, (s, e) -> new State(true, s.views(), s.visibleComments()))
        .onEvent(ViewRecorded.class, (s, e) -> new State(s.open(), s.views() + 1, s.visibleComments()))
        .onEvent(CommentCounted.class, (s, e) -> s.withComment(e.commentId()))
        .build();
  }

  private Counters counters(State s) {
    return new Counters(articleId, s.views(), s.visibleComments().size());
  }
}
