package org.maproom.moderation.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.identity.Passwords;
import org.maproom.moderation.readmodel.SessionStore;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.Rejection;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.RateLimiter;
import org.maproom.platform.identity.Identity;

/** Sign-up, sign-in and session lookup: moderation-service is the identity provider. */
public final class AccountRoutes {
  private static final ProblemException BAD_CREDENTIALS =
      new ProblemException(401, "Unauthorized", "The email or the password is wrong.");
  private final ClusterSharding sharding;
  private final Passwords passwords;
  private final SessionStore sessions;
  private final PiiCipher pii;
  private final Duration timeout;
  private final Clock clock;

  private final RateLimiter signInsPerAccount;
  private final RateLimiter signInsPerIp;

  public AccountRoutes(ActorSystem<?> system, Passwords passwords, SessionStore sessions, PiiCipher pii, Clock clock) {
    var limits = system.settings().config().getConfig("moderation.rate-limits");
    this.signInsPerAccount = RateLimiter.fromConfig("sign-in attempts for this account", limits.getConfig("sign-in-per-account"));
    this.signInsPerIp = RateLimiter.fromConfig("sign-in attempts from this address", limits.getConfig("sign-in-per-ip"));
    this.sharding = ClusterSharding.get(system);
    this.passwords = passwords;
    this.sessions = sessions;
    this.pii = pii;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api register(Api api) {
    return api
        .post("/accounts", p -> Api.json(ModerationApi.SignUp.class, body ->
            Api.reply(StatusCodes.CREATED, signUp(body.email(), body.displayName(), body.password(), Set.of(Identity.READER)))))
        .post("/sessions", p -> Api.json(ModerationApi.SignIn.class, body -> Api.reply(StatusCodes.CREATED, signIn(body))))
        .post("/sessions/resolve", p -> Api.json(ModerationApi.ResolveSession.class, body -> Api.reply(resolve(body.token()))))
        .post("/sessions/end", p -> Api.json(ModerationApi.EndSession.class, body ->
            Api.reply(sessions.end(body.token() == null ? "" : body.token()).thenApply(ModerationApi.SessionsEnded::new))))
        .post("/accounts/me/sessions/end", p -> api.requireIdentity(who ->
            Api.reply(sessions.endAll(who.accountId()).thenApply(ModerationApi.SessionsEnded::new))))
        .post("/accounts/me/password", p -> api.requireIdentity(who -> Api.json(ModerationApi.ChangePassword.class, body ->
            Api.reply(changePassword(who, body)))));
  }

  public CompletionStage<ModerationApi.Account> signUp(String email, String displayName, String password, Set<String> roles) {
    String normalized = normalizeEmail(email);
    if (!Passwords.acceptable(password)) {
      throw ProblemException.badRequest(
          "The password must be " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters.");
    }
    String accountId = pii.lookupHash(normalized);
    String encryptedEmail = pii.encrypt(normalized, accountId);
    return passwords.hash(password)
        .thenCompose(hash -> account(accountId).<Account.Profile>askWithStatus(
            reply -> new Account.Register(encryptedEmail, displayName, hash, roles, clock.instant(), reply), timeout))
        .thenApply(AccountRoutes::toDto);
  }

  /**
   * Attempts are limited per account and per address; the account's limit is keyed by the email's hash whether or
   * not it is registered, so a 429 says nothing about that either.
   */
  private CompletionStage<ModerationApi.Session> signIn(ModerationApi.SignIn body) {
    if (body.email() == null || body.password() == null) throw BAD_CREDENTIALS;
    String accountId = pii.lookupHash(body.email().strip().toLowerCase(Locale.ROOT));
    signInsPerAccount.check(accountId);
    if (body.ip() != null) signInsPerIp.check(body.ip());
    return account(accountId)
        .askWithStatus(Account.GetCredentials::new, timeout)
        .exceptionally(unknown -> null) // an unknown email is checked against a dummy hash below
        .thenCompose(credentials -> passwords
            .matches(body.password(), credentials == null ? null : credentials.passwordHash())
            .thenCompose(ok -> {
              if (!ok) throw BAD_CREDENTIALS;
              return sessions.start(accountId, clock.instant())
                  .thenApply(s -> new ModerationApi.Session(s.token(), toDto(credentials.profile()), s.expiresAt()));
            }));
  }

  /** A new password ends every session, this one too, and answers with a fresh session for the caller. */
  private CompletionStage<ModerationApi.Session> changePassword(Identity who, ModerationApi.ChangePassword body) {
    if (!Passwords.acceptable(body.newPassword())) {
      throw ProblemException.badRequest("The password must be " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters.");
    }
    signInsPerAccount.check(who.accountId());
    return account(who.accountId()).askWithStatus(Account.GetCredentials::new, timeout)
        .thenCompose(credentials -> passwords.matches(body.currentPassword() == null ? "" : body.currentPassword(), credentials.passwordHash()))
        .thenCompose(ok -> {
          if (!ok) throw new ProblemException(401, "Unauthorized", "The current password is wrong.");
          return passwords.hash(body.newPassword());
        })
        .thenCompose(hash -> account(who.accountId()).<Account.Profile>askWithStatus(
            r -> new Account.ChangePassword(hash, clock.instant(), r), timeout))
        .thenCompose(profile -> sessions.endAll(who.accountId())
            .thenCompose(ended -> sessions.start(who.accountId(), clock.instant()))
            .thenApply(s -> new ModerationApi.Session(s.token(), toDto(profile), s.expiresAt())));
  }

  private CompletionStage<ModerationApi.Account> resolve(String token) {
    if (token == null || token.length() > 100) throw new ProblemException(401, "Unauthorized", "No such session.");
    return sessions.accountOf(token, clock.instant()).thenCompose(accountId -> {
      if (accountId.isEmpty()) throw new ProblemException(401, "Unauthorized", "No such session.");
      return account(accountId.get()).askWithStatus(Account.GetProfile::new, timeout).thenApply(AccountRoutes::toDto);
    });
  }

  private static String normalizeEmail(String email) {
    String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    int at = e.indexOf('@');
    if (e.length() > 254 || at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
      throw ProblemException.badRequest("That does not look like an email address.");
    }
    return e;
  }

  private EntityRef<Account.Command> account(String id) {
    return sharding.entityRefFor(Account.ENTITY_KEY, id);
  }

  private static ModerationApi.Account toDto(Account.Profile p) {
    return new ModerationApi.Account(p.id(), p.displayName(), p.roles(), p.joinedAt());
  }

  /** True when a failure means "already registered", which start-up treats as done. */
  public static boolean isConflict(Throwable failure) {
    Throwable t = failure.getCause() != null ? failure.getCause() : failure;
    return t.getMessage() != null && Rejection.parse(t.getMessage()).kind() == Rejection.Kind.CONFLICT;
  }
}
