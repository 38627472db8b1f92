package org.maproom.notify.domain;

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
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.projection.EntityTags;

/**
 * One phone number that asked to be texted. Keyed by a keyed hash of the E.164 number; the number itself is only
 * ever held encrypted. Signing up again answers exactly as the first time did.
 */
public final class Subscriber
    extends EventSourcedEntity<Subscriber.Command, Subscriber.Event, Subscriber.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Subscriber");
  public static final EntityTags TAGS = new EntityTags("subscriber", 4);

  public sealed interface Command extends JsonSerializable {}

  /** {@code disclosureVersion}: the hash of the consent text the form showed. */
  public record Subscribe(String encryptedPhone, String lastDigits, String disclosureVersion, String page, Instant at,
      ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public sealed interface Event extends JsonSerializable {}

  public record Subscribed(String subscriberId, String encryptedPhone, String lastDigits, String disclosureVersion,
      String page, Instant at) implements Event {}

  public sealed interface State extends JsonSerializable {}

  public record Unknown() implements State {}

  public record Active(Subscribed subscription) implements State {}

  public record Summary(String lastDigits) implements JsonSerializable {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String subscriberId) {
    return Behaviors.setup(ctx -> new Subscriber(subscriberId));
  }

  private final String subscriberId;

  private Subscriber(String subscriberId) {
    super(ENTITY_KEY, subscriberId, TAGS.forEntity(subscriberId));
    this.subscriberId = subscriberId;
  }

  @Override
  public State emptyState() {
    return new Unknown();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Unknown.class).onCommand(Subscribe.class, (state, cmd) ->
        Effect().persist(new Subscribed(subscriberId, cmd.encryptedPhone(), cmd.lastDigits(), cmd.disclosureVersion(), cmd.page(), cmd.at()))
            .thenReply(cmd.replyTo(), s -> StatusReply.success(new Summary(cmd.lastDigits()))));
    builder.forStateType(Active.class).onCommand(Subscribe.class, (state, cmd) ->
        Effect().reply(cmd.replyTo(), StatusReply.success(new Summary(state.subscription().lastDigits()))));
    return builder.build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Unknown.class).onEvent(Subscribed.class, (s, e) -> new Active(e));
    return builder.build();
  }
}
