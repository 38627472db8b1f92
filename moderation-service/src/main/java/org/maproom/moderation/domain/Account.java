package org.maproom.moderation.domain;

import java.time.Instant;
import java.util.Set;
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
 * A signed-up person. The id is a keyed hash of the normalized email, so one email is one account; the email itself
 * is stored only encrypted. The password arrives already hashed (Argon2id, off the actor threads).
 */
public final class Account extends EventSourcedEntity<Account.Command, Account.Event, Account.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Account");
  public static final EntityTags TAGS = new EntityTags("account", 4);
  static final int MIN_NAME = 2;
  static final int MAX_NAME = 40;

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /** {@code verified}: the address is known good already (the first admin, from configuration). */
  public record Register(
      String encryptedEmail, String displayName, String passwordHash, Set<String> roles, boolean verified, Instant at,
      ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  /** The link in the confirmation email was followed. Idempotent. */
  public record VerifyEmail(Instant at, ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  public record GetCredentials(ActorRef<StatusReply<Credentials>> replyTo) implements Command {}

  public record GetProfile(ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  /** Stop an account from commenting, until {@code until} or, when it is null, for good. */
  public record Ban(String moderatorId, String reason, Instant until, Instant at, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  public record Unban(String moderatorId, Instant at, ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  /** The caller checked the current password; {@code passwordHash} is the new one's. */
  public record ChangePassword(String passwordHash, Instant at, ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  /** {@code verified}: null in events written before addresses were confirmed, which count as confirmed. */
  public record Registered(
      String accountId, String encryptedEmail, String displayName, String passwordHash, Set<String> roles, Instant at,
      Boolean verified) implements Event {}

  public record EmailVerified(String accountId, Instant at) implements Event {}

  public record Banned(String accountId, String moderatorId, String reason, Instant until, Instant at) implements Event {}

  public record Unbanned(String accountId, String moderatorId, Instant at) implements Event {}

  public record PasswordChanged(String accountId, String passwordHash, Instant at) implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Unregistered() implements State {}

  /** {@code passwordHash}: the current one; {@code ban}: the ban in force, or null. */
  public record Active(Registered registration, String passwordHash, Banned ban, boolean verified) implements State {}

  // ---- replies ----

  /** {@code ban}: the last ban, or null; it is in force if its {@code until} is null or still ahead. */
  public record Profile(String id, String displayName, Set<String> roles, Instant joinedAt, Banned ban, boolean emailVerified)
      implements JsonSerializable {
    public boolean bannedAt(Instant at) {
      return ban != null && (ban.until() == null || ban.until().isAfter(at));
    }
  }

  public record Credentials(String passwordHash, Profile profile) implements JsonSerializable {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String accountId) {
    return Behaviors.setup(ctx -> new Account(accountId));
  }

  private final String accountId;

  private Account(String accountId) {
    super(ENTITY_KEY, accountId, TAGS.forEntity(accountId));
    this.accountId = accountId;
  }

  @Override
  public State emptyState() {
    return new Unregistered();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Unregistered.class)
        .onCommand(Register.class, (state, cmd) -> register(cmd))
        .onCommand(GetCredentials.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such account.")))
        .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such account.")))
        .onCommand(Ban.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such account.")))
        .onCommand(Unban.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such account.")))
        .onCommand(ChangePassword.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such account.")))
        .onCommand(VerifyEmail.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No such account.")));
    builder.forStateType(Active.class)
        .onCommand(Register.class, (state, cmd) ->
            Effect().reply(cmd.replyTo(), Rejection.conflict("An account with this email already exists.")))
        .onCommand(GetCredentials.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            StatusReply.success(new Credentials(state.passwordHash(), profile(state)))))
        .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(profile(state))))
        .onCommand(Ban.class, (state, cmd) -> {
          if (cmd.reason() == null || cmd.reason().isBlank()) return Effect().reply(cmd.replyTo(), Rejection.invalid("A ban needs a reason."));
          if (cmd.until() != null && !cmd.until().isAfter(cmd.at())) return Effect().reply(cmd.replyTo(), Rejection.invalid("A ban ends in the future."));
          return Effect().persist(new Banned(accountId, cmd.moderatorId(), cmd.reason(), cmd.until(), cmd.at()))
              .thenReply(cmd.replyTo(), s -> StatusReply.success(profile((Active) s)));
        })
        .onCommand(Unban.class, (state, cmd) -> state.ban() == null
            ? Effect().reply(cmd.replyTo(), StatusReply.success(profile(state)))
            : Effect().persist(new Unbanned(accountId, cmd.moderatorId(), cmd.at())).thenReply(cmd.replyTo(), s -> StatusReply.success(profile((Active) s))))
        .onCommand(ChangePassword.class, (state, cmd) -> Effect().persist(new PasswordChanged(accountId, cmd.passwordHash(), cmd.at()))
            .thenReply(cmd.replyTo(), s -> StatusReply.success(profile((Active) s))))
        .onCommand(VerifyEmail.class, (state, cmd) -> state.verified()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(profile(state)))
            : Effect().persist(new EmailVerified(accountId, cmd.at())).thenReply(cmd.replyTo(), s -> StatusReply.success(profile((Active) s))));
    return builder.build();
  }

  private ReplyEffect<Event, State> register(Register cmd) {
    String name = cmd.displayName() == null ? "" : cmd.displayName().strip();
    int length = name.codePointCount(0, name.length());
    if (length < MIN_NAME || length > MAX_NAME) {
      return Effect().reply(cmd.replyTo(),
          Rejection.invalid("The display name must be " + MIN_NAME + " to " + MAX_NAME + " characters."));
    }
    if (name.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
      return Effect().reply(cmd.replyTo(), Rejection.invalid("The display name must not contain control characters."));
    }
    var registered = new Registered(accountId, cmd.encryptedEmail(), name, cmd.passwordHash(), Set.copyOf(cmd.roles()), cmd.at(),
        cmd.verified());
    return Effect().persist(registered).thenReply(cmd.replyTo(), s -> StatusReply.success(profile((Active) s)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Unregistered.class).onEvent(Registered.class, (s, e) ->
        new Active(e, e.passwordHash(), null, e.verified() == null || e.verified()));
    builder.forStateType(Active.class)
        .onEvent(Banned.class, (s, e) -> new Active(s.registration(), s.passwordHash(), e, s.verified()))
        .onEvent(Unbanned.class, (s, e) -> new Active(s.registration(), s.passwordHash(), null, s.verified()))
        .onEvent(PasswordChanged.class, (s, e) -> new Active(s.registration(), e.passwordHash(), s.ban(), s.verified()))
        .onEvent(EmailVerified.class, (s, e) -> new Active(s.registration(), s.passwordHash(), s.ban(), true));
    return builder.build();
  }

  private static Profile profile(Active s) {
    Registered r = s.registration();
    return new Profile(r.accountId(), r.displayName(), r.roles(), r.at(), s.ban(), s.verified());
  }
}
