package org.maproom.moderation.domain;

import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * An article's comment policy: open or closed, who is pre-moderated (everyone, the default, or only readers who are
 * not trusted yet), and whether comments close a number of days after publication. Moderators set it.
 */
public final class Thread extends EventSourcedEntity<Thread.Command, Thread.Event, Thread.Policy> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Thread");
  public static final EntityTags TAGS = new EntityTags("thread", 1);

  public enum PreModerate { everyone, untrusted }

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  public record SetPolicy(Policy policy, String moderatorId, ActorRef<StatusReply<Policy>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Policy>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  public record PolicySet(String articleId, Policy policy, String moderatorId) implements Event {}

  // ---- state ----

  /** {@code closeAfterDays}: null to keep comments open for good. */
  public record Policy(boolean closed, PreModerate preModerate, Integer closeAfterDays) implements JsonSerializable {
    public static final Policy DEFAULT = new Policy(false, PreModerate.everyone, null);

    /** Whether a comment submitted at {@code at} on an article published at {@code publishedAt} is refused. */
    public boolean closedAt(Instant publishedAt, Instant at) {
      return closed || (closeAfterDays != null && publishedAt != null && !at.isBefore(publishedAt.plus(Duration.ofDays(closeAfterDays))));
    }

    /** Whether this author's comments skip the queue here. */
    public boolean skipsQueue(boolean trusted) {
      return trusted && preModerate == PreModerate.untrusted;
    }
  }

  // ---- wiring ----
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String articleId) {
    return new Thread(articleId);
  }

  private final String articleId;

  private Thread(String articleId) {
    super(ENTITY_KEY, articleId, TAGS.forEntity(articleId));
    this.articleId = articleId;
  }

  @Override
  public Policy emptyState() {
    return Policy.DEFAULT;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, Policy> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(SetPolicy.class, (state, cmd) -> {
          Policy p = cmd.policy();
          if (p.preModerate() == null) return Effect().reply(cmd.replyTo(), Rejection.invalid("preModerate must be everyone or untrusted."));
          if (p.closeAfterDays() != null && (p.closeAfterDays() < 1 || p.closeAfterDays() > 3650)) {
            return Effect().reply(cmd.replyTo(), Rejection.invalid("closeAfterDays must be 1 to 3650, or null."));
          }
          if (p.equals(state)) return Effect().reply(cmd.replyTo(), StatusReply.success(state));
          return Effect().persist(new PolicySet(articleId, p, cmd.moderatorId())).thenReply(cmd.replyTo(), StatusReply::success);
        })
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(state)))
        .build();
  }

  @Override
  public EventHandler<Policy, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(PolicySet.class, (s, e) -> e.policy()).build();
  }
}
