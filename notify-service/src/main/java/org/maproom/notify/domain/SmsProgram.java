package org.maproom.notify.domain;

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
 * The SMS program's site-wide settings, one entity ({@link #ID}): whether texts flow yet ({@code sms.live}; until
 * then numbers are only stored, the waitlist), the sending window in the recipient's local time, and whether sending
 * is held because the provider's account is failing (a wrong token, a sender not allowed: no text could go, so none
 * is tried until an operator resumes or the account answers again). The first values come from configuration; an
 * admin changes them through the API, and every change is an event.
 */
public final class SmsProgram extends EventSourcedEntity<SmsProgram.Command, SmsProgram.Event, SmsProgram.Settings> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "SmsProgram");
  public static final EntityTags TAGS = new EntityTags("sms-program", 1);
  public static final String ID = "sms";

  /**
   * {@code windowStart}, {@code windowEnd}: "HH:mm"; {@code liveSince}: when it last went live, or null;
   * {@code providerFailing}: why sending is held, or null.
   */
  public record Settings(boolean live, String windowStart, String windowEnd, Instant liveSince, ProviderFailing providerFailing)
      implements JsonSerializable {
    public QuietHours window() {
      return new QuietHours(java.time.LocalTime.parse(windowStart), java.time.LocalTime.parse(windowEnd));
    }

    /** Texts go out: live, and not held for a failing account. */
    public boolean sending() {
      return live && providerFailing == null;
    }

    Settings with(boolean live, String windowStart, String windowEnd, Instant liveSince) {
      return new Settings(live, windowStart, windowEnd, liveSince, providerFailing);
    }

    Settings withProviderFailing(ProviderFailing failing) {
      return new Settings(live, windowStart, windowEnd, liveSince, failing);
    }
  }

  /** The provider and its answer ({@code reason}: status and error code, never a number or a text) since when. */
  public record ProviderFailing(String provider, String reason, Instant since) implements JsonSerializable {}

  public sealed interface Command extends JsonSerializable {}

  public record SetLive(boolean live, String by, Instant at, ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  public record SetWindow(String start, String end, String by, Instant at, ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  /** From the dispatcher: a send proved the account failing. Held from now; a second report changes nothing. */
  public record HoldForProvider(String provider, String reason, Instant at, ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  /** From an operator, or the dispatcher once the account answers again ({@code by}: "probe"). */
  public record ResumeSending(String by, Instant at, ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  public sealed interface Event extends JsonSerializable {}

  public record LiveSwitched(boolean live, String by, Instant at) implements Event {}

  public record WindowSet(String start, String end, String by, Instant at) implements Event {}

  public record HeldForProvider(String provider, String reason, Instant at) implements Event {}

  public record SendingResumed(String by, Instant at) implements Event {}

  public static void init(ActorSystem<?> system, Settings initial) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), initial)));
  }

  public static Behavior<Command> create(String id, Settings initial) {
    return new SmsProgram(id, initial);
  }

  private final Settings initial;

  private SmsProgram(String id, Settings initial) {
    super(ENTITY_KEY, id, TAGS.forEntity(id));
    this.initial = initial;
  }

  @Override
  public Settings emptyState() {
    return initial;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, Settings> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(SetLive.class, (s, cmd) -> s.live() == cmd.live()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(s))
            : Effect().persist(new LiveSwitched(cmd.live(), cmd.by(), cmd.at())).thenReply(cmd.replyTo(), StatusReply::success))
        .onCommand(SetWindow.class, (s, cmd) -> {
          try {
            new QuietHours(java.time.LocalTime.parse(cmd.start()), java.time.LocalTime.parse(cmd.end()));
          } catch (RuntimeException e) {
            return Effect().reply(cmd.replyTo(), Rejection.invalid("The window is two times of day, HH:mm, the start not after the end (equal: no quiet hours)."));
          }
          return Effect().persist(new WindowSet(cmd.start(), cmd.end(), cmd.by(), cmd.at())).thenReply(cmd.replyTo(), StatusReply::success);
        })
        .onCommand(HoldForProvider.class, (s, cmd) -> s.providerFailing() != null
            ? Effect().reply(cmd.replyTo(), StatusReply.success(s))
            : Effect().persist(new HeldForProvider(cmd.provider(), cmd.reason(), cmd.at())).thenReply(cmd.replyTo(), StatusReply::success))
        .onCommand(ResumeSending.class, (s, cmd) -> s.providerFailing() == null
            ? Effect().reply(cmd.replyTo(), StatusReply.success(s))
            : Effect().persist(new SendingResumed(cmd.by(), cmd.at())).thenReply(cmd.replyTo(), StatusReply::success))
        .onCommand(Get.class, (s, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(s)))
        .build();
  }

  @Override
  public EventHandler<Settings, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(LiveSwitched.class, (s, e) -> s.with(e.live(), s.windowStart(), s.windowEnd(), e.live() ? e.at() : s.liveSince()))
        .onEvent(WindowSet.class, (s, e) -> s.with(s.live(), e.start(), e.end(), s.liveSince()))
        .onEvent(HeldForProvider.class, (s, e) -> s.withProviderFailing(new ProviderFailing(e.provider(), e.reason(), e.at())))
        .onEvent(SendingResumed.class, (s, e) -> s.withProviderFailing(null))
        .build();
  }
}
