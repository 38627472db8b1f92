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
import org.maproom.platform.identity.Identity;
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
  static final int MAX_BIO = 300;

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

  /** A null field stays as it is. The caller has claimed a new display name (it is unique across accounts). */
  public record UpdateProfile(String displayName, String bio, Boolean notifyOnDecision, Instant at,
      ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  /** An admin sets the roles; {@code reader} is always among them. */
  public record SetRoles(Set<String> roles, String adminId, Instant at, ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  /**
   * The reader deletes the account (the caller checked the password). Personal data goes: what the journal held
   * before is deleted by the erasure projection, which also takes care of the comments ({@code removeComments}).
   */
  public record Erase(boolean removeComments, Instant at, ActorRef<StatusReply<org.apache.pekko.Done>> replyTo) implements Command {}

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

  /** The profile as it now is (every field). */
  public record ProfileUpdated(String accountId, String displayName, String bio, boolean notifyOnDecision, Instant at)
      implements Event {}

  public record RolesSet(String accountId, Set<String> roles, String adminId, Instant at) implements Event {}

  /** Carries nothing personal: after it, it is the only event of the account left in the journal. */
  public record Erased(String accountId, boolean removeComments, Instant at) implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Unregistered() implements State {}

  /**
   * {@code passwordHash}: the current one; {@code ban}: the ban in force, or null; {@code bio}, {@code roles},
   * {@code displayName} as they now are (null in snapshots taken before profiles: as registered).
   */
  public record Active(Registered registration, String passwordHash, Banned ban, boolean verified, String displayName,
      String bio, Set<String> roles, Boolean notifyOnDecision) implements State {
    public Active {
      if (displayName == null) displayName = registration.displayName();
      if (roles == null) roles = registration.roles();
      if (notifyOnDecision == null) notifyOnDecision = true;
    }

    Active withPassword(String hash) {
      return new Active(registration, hash, ban, verified, displayName, bio, roles, notifyOnDecision);
    }

    Active withBan(Banned next) {
      return new Active(registration, passwordHash, next, verified, displayName, bio, roles, notifyOnDecision);
    }

    Active withEmailVerified() {
      return new Active(registration, passwordHash, ban, true, displayName, bio, roles, notifyOnDecision);
    }

    Active with(ProfileUpdated e) {
      return new Active(registration, passwordHash, ban, verified, e.displayName(), e.bio(), roles, e.notifyOnDecision());
    }

    Active withRoles(Set<String> next) {
      return new Active(registration, passwordHash, ban, verified, displayName, bio, next, notifyOnDecision);
    }
  }

  /** Deleted by its reader; the same email may sign up again. */
  public record Gone(String accountId, Instant at) implements State {}

  // ---- replies ----

  /** {@code ban}: the last ban, or null; it is in force if its {@code until} is null or still ahead. */
  public record Profile(String id, String displayName, Set<String> roles, Instant joinedAt, Banned ban, boolean emailVerified,
      String bio, boolean notifyOnDecision) implements JsonSerializable {
    public boolean bannedAt(Instant at) {
      return ban != null && (ban.until() == null || ban.until().isAfter(at));
    }
  }

  /** What only the account's owner (and the service, to email them) may see. */
  public record Credentials(String passwordHash, Profile profile, String encryptedEmail) implements JsonSerializable {}

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
    builder.forStateType(Active.class)
        .onCommand(Register.class, (state, cmd) ->
            Effect().reply(cmd.replyTo(), Rejection.conflict("An account with this email already exists.")))
        .onCommand(GetCredentials.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            StatusReply.success(new Credentials(state.passwordHash(), profile(state), state.registration().encryptedEmail()))))
        .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(profile(state))))
        .onCommand(Ban.class, (state, cmd) -> {
          if (cmd.reason() == null || cmd.reason().isBlank()) return Effect().reply(cmd.replyTo(), Rejection.invalid("A ban needs a reason."));
          if (cmd.until() != null && !cmd.until().isAfter(cmd.at())) return Effect().reply(cmd.replyTo(), Rejection.invalid("A ban ends in the future."));
          return persist(new Banned(accountId, cmd.moderatorId(), cmd.reason(), cmd.until(), cmd.at()), cmd.replyTo());
        })
        .onCommand(Unban.class, (state, cmd) -> state.ban() == null
            ? Effect().reply(cmd.replyTo(), StatusReply.success(profile(state)))
            : persist(new Unbanned(accountId, cmd.moderatorId(), cmd.at()), cmd.replyTo()))
        .onCommand(ChangePassword.class, (state, cmd) -> persist(new PasswordChanged(accountId, cmd.passwordHash(), cmd.at()), cmd.replyTo()))
        .onCommand(VerifyEmail.class, (state, cmd) -> state.verified()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(profile(state)))
            : persist(new EmailVerified(accountId, cmd.at()), cmd.replyTo()))
        .onCommand(UpdateProfile.class, this::updateProfile)
        .onCommand(SetRoles.class, this::setRoles)
        .onCommand(Erase.class, (state, cmd) -> Effect().persist(new Erased(accountId, cmd.removeComments(), cmd.at()))
            .thenReply(cmd.replyTo(), s -> StatusReply.ack()));
    // Never registered, or erased: nothing to show or change; an erased address may sign up again.
    builder.forAnyState()
        .onCommand(Register.class, (state, cmd) -> register(cmd))
        .onCommand(Erase.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state instanceof Gone ? StatusReply.ack() : noAccount()))
        .onCommand(GetCredentials.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()))
        .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state instanceof Gone ? Rejection.forbidden("This account was deleted.") : noAccount()))
        .onCommand(Ban.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()))
        .onCommand(Unban.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()))
        .onCommand(ChangePassword.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()))
        .onCommand(VerifyEmail.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()))
        .onCommand(UpdateProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()))
        .onCommand(SetRoles.class, (state, cmd) -> Effect().reply(cmd.replyTo(), noAccount()));
    return builder.build();
  }

  private static <T> StatusReply<T> noAccount() {
    return Rejection.notFound("No such account.");
  }

  private ReplyEffect<Event, State> persist(Event event, ActorRef<StatusReply<Profile>> replyTo) {
    return Effect().persist(event).thenReply(replyTo, s -> StatusReply.success(profile((Active) s)));
  }

  /** Why this cannot be a display name, or null if it can (uniqueness is the caller's, across accounts). */
  public static String nameProblem(String name) {
    String n = name == null ? "" : name.strip();
    int length = n.codePointCount(0, n.length());
    if (length < MIN_NAME || length > MAX_NAME) return "The display name must be " + MIN_NAME + " to " + MAX_NAME + " characters.";
    if (n.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
      return "The display name must not contain control characters.";
    }
    return null;
  }

  private ReplyEffect<Event, State> updateProfile(Active state, UpdateProfile cmd) {
    String name = cmd.displayName() == null ? state.displayName() : cmd.displayName().strip();
    String problem = nameProblem(name);
    if (problem != null) return Effect().reply(cmd.replyTo(), Rejection.invalid(problem));
    String bio = cmd.bio() == null ? state.bio() : cmd.bio().strip();
    if (bio != null && Comment.graphemes(bio) > MAX_BIO) {
      return Effect().reply(cmd.replyTo(), Rejection.invalid("The bio must be at most " + MAX_BIO + " characters."));
    }
    boolean notify = cmd.notifyOnDecision() == null ? state.notifyOnDecision() : cmd.notifyOnDecision();
    if (name.equals(state.displayName()) && java.util.Objects.equals(bio, state.bio()) && notify == state.notifyOnDecision()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(profile(state)));
    }
    return persist(new ProfileUpdated(accountId, name, bio, notify, cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> setRoles(Active state, SetRoles cmd) {
    if (cmd.roles() == null || !Identity.ROLES.containsAll(cmd.roles())) {
      return Effect().reply(cmd.replyTo(), Rejection.invalid("roles must be among " + String.join(", ", Identity.ROLES) + "."));
    }
    var roles = new java.util.TreeSet<>(cmd.roles());
    roles.add(Identity.READER);
    if (accountId.equals(cmd.adminId()) && !roles.contains(Identity.ADMIN)) {
      return Effect().reply(cmd.replyTo(), Rejection.conflict("An admin cannot take away their own admin role."));
    }
    if (roles.equals(state.roles())) return Effect().reply(cmd.replyTo(), StatusReply.success(profile(state)));
    return persist(new RolesSet(accountId, Set.copyOf(roles), cmd.adminId(), cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> register(Register cmd) {
    String problem = nameProblem(cmd.displayName());
    if (problem != null) return Effect().reply(cmd.replyTo(), Rejection.invalid(problem));
    var registered = new Registered(accountId, cmd.encryptedEmail(), cmd.displayName().strip(), cmd.passwordHash(),
        Set.copyOf(cmd.roles()), cmd.at(), cmd.verified());
    return persist(registered, cmd.replyTo());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Active.class)
        .onEvent(Banned.class, (s, e) -> s.withBan(e))
        .onEvent(Unbanned.class, (s, e) -> s.withBan(null))
        .onEvent(PasswordChanged.class, (s, e) -> s.withPassword(e.passwordHash()))
        .onEvent(EmailVerified.class, (s, e) -> s.withEmailVerified())
        .onEvent(ProfileUpdated.class, Active::with)
        .onEvent(RolesSet.class, (s, e) -> s.withRoles(e.roles()));
    builder.forAnyState()
        .onEvent(Registered.class, (s, e) -> new Active(e, e.passwordHash(), null, e.verified() == null || e.verified(), null, null, null, null))
        .onEvent(Erased.class, (s, e) -> new Gone(accountId, e.at()));
    return builder.build();
  }

  private static Profile profile(Active s) {
    Registered r = s.registration();
    return new Profile(r.accountId(), s.displayName(), s.roles(), r.at(), s.ban(), s.verified(), s.bio(), s.notifyOnDecision());
  }
}
