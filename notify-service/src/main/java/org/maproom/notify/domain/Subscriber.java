package org.maproom.notify.domain;

import java.time.Instant;
import org.apache.pekko.Done;
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
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One phone number that asked to be texted. Keyed by a keyed hash of the E.164 number; the number (and the address
 * it signed up from) is only ever held encrypted. Every sign-up is a consent record: when, from which page, which
 * disclosure text (its hash), the address and the browser. Signing up again answers exactly as the first time did.
 * Unsubscribing (by link, STOP or the API) puts the number on the suppression list until it signs up again or
 * texts START; erasure forgets the number and every consent, keeping only the keyed hash as a suppression marker.
 */
public final class Subscriber extends EventSourcedEntity<Subscriber.Command, Subscriber.Event, Subscriber.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Subscriber");
  public static final EntityTags TAGS = new EntityTags("subscriber", 4);
  /** The "page" of a consent given by texting START. */
  public static final String BY_TEXT = "sms:START";

  /** How a number left the list: its unsubscribe link, STOP (to us or to the provider), the API, or the provider refusing it. */
  public enum Via { link, stop, api, undeliverable }

  /** Proof of one sign-up. {@code encryptedIp}: the reader's address, encrypted; {@code disclosureVersion}: its hash. */
  public record Consent(Instant at, String page, String disclosureVersion, String encryptedIp, String userAgent)
      implements JsonSerializable {}

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /** {@code accountId}: the signed-in reader who signed up, or null; their account's erasure erases this too. */
  public record Subscribe(String encryptedPhone, String lastDigits, Consent consent, String accountId,
      ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public record Unsubscribe(Via via, Instant at, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  /** START texted back: a number that left the list rejoins it (its consent is that text). Answers whether it did. */
  public record Restart(Instant at, ActorRef<StatusReply<Boolean>> replyTo) implements Command {}

  public record Erase(Instant at, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Details>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  /**
   * The first sign-up. {@code encryptedIp}, {@code userAgent}, {@code accountId}: null in events written before
   * they were recorded.
   */
  public record Subscribed(String subscriberId, String encryptedPhone, String lastDigits, String disclosureVersion,
      String page, Instant at, String encryptedIp, String userAgent, String accountId) implements Event {}

  /** A later sign-up: another consent; {@code resubscribed} when it brought a suppressed number back. */
  public record ConsentRenewed(String subscriberId, Consent consent, boolean resubscribed) implements Event {}

  public record Unsubscribed(String subscriberId, Via via, Instant at) implements Event {}

  /** Carries nothing personal: after it, the only event of the subscriber left in the journal. */
  public record Erased(String subscriberId, Instant at) implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Unknown() implements State {}

  /**
   * {@code active}: on the list (not suppressed); {@code consents}: every sign-up, oldest first; {@code leftVia}: how
   * it left the list, while it is off it (null in snapshots written before it was kept).
   */
  public record Known(String encryptedPhone, String lastDigits, String accountId, boolean active,
      java.util.List<Consent> consents, Via leftVia) implements State {
    Known with(boolean nowActive, Consent more) {
      var all = new java.util.ArrayList<>(consents);
      if (more != null) all.add(more);
      return new Known(encryptedPhone, lastDigits, accountId, nowActive, java.util.List.copyOf(all), nowActive ? null : leftVia);
    }

    Known left(Via via) {
      return new Known(encryptedPhone, lastDigits, accountId, false, consents, via);
    }

    /**
     * What a web sign-up changes: nothing for a number whose own STOP took it off (only its START brings it back, so
     * a stranger cannot text it again), nor a second consent record within a day of the last (a script signing a
     * number up in a loop grows nothing).
     */
    boolean renewedBy(Consent consent) {
      if (!active) return leftVia != Via.stop;
      return consents.isEmpty() || consents.get(consents.size() - 1).at().plus(java.time.Duration.ofDays(1)).isBefore(consent.at());
    }
  }

  /** Erased: the same number may sign up afresh. */
  public record Forgotten(Instant at) implements State {}

  // ---- replies ----

  /** All a reader is ever shown: the last two digits. */
  public record Summary(String lastDigits) implements JsonSerializable {}

  public record Details(String lastDigits, boolean active, java.util.List<Consent> consents) implements JsonSerializable {}

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
    builder.forStateType(Known.class)
        .onCommand(Subscribe.class, (state, cmd) -> !state.renewedBy(cmd.consent())
            ? Effect().reply(cmd.replyTo(), StatusReply.success(new Summary(state.lastDigits())))
            : Effect().persist(new ConsentRenewed(subscriberId, cmd.consent(), !state.active()))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(new Summary(state.lastDigits()))))
        .onCommand(Unsubscribe.class, (state, cmd) -> !state.active()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(new Summary(state.lastDigits())))
            : Effect().persist(new Unsubscribed(subscriberId, cmd.via(), cmd.at()))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(new Summary(state.lastDigits()))))
        .onCommand(Restart.class, (state, cmd) -> state.active()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(false))
            : Effect().persist(new ConsentRenewed(subscriberId, new Consent(cmd.at(), BY_TEXT, null, null, null), true))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(true)))
        .onCommand(Erase.class, (state, cmd) -> Effect().persist(new Erased(subscriberId, cmd.at()))
            .thenReply(cmd.replyTo(), s -> StatusReply.ack()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            StatusReply.success(new Details(state.lastDigits(), state.active(), state.consents()))));
    // Unknown, or erased: a sign-up starts afresh; nothing else has anything to act on.
    builder.forAnyState()
        .onCommand(Subscribe.class, (state, cmd) -> {
          Consent c = cmd.consent();
          return Effect().persist(new Subscribed(subscriberId, cmd.encryptedPhone(), cmd.lastDigits(), c.disclosureVersion(), c.page(),
                  c.at(), c.encryptedIp(), c.userAgent(), cmd.accountId()))
              .thenReply(cmd.replyTo(), s -> StatusReply.success(new Summary(cmd.lastDigits())));
        })
        .onCommand(Unsubscribe.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(new Summary(null))))
        .onCommand(Restart.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(false)))
        .onCommand(Erase.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.ack()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such subscriber.")));
    return builder.build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Known.class)
        .onEvent(ConsentRenewed.class, (s, e) -> s.with(true, e.consent()))
        .onEvent(Unsubscribed.class, (s, e) -> s.left(e.via()));
    builder.forAnyState()
        .onEvent(Subscribed.class, (s, e) -> new Known(e.encryptedPhone(), e.lastDigits(), e.accountId(), true,
            java.util.List.of(new Consent(e.at(), e.page(), e.disclosureVersion(), e.encryptedIp(), e.userAgent())), null))
        .onEvent(Erased.class, (s, e) -> new Forgotten(e.at()));
    return builder.build();
  }
}
