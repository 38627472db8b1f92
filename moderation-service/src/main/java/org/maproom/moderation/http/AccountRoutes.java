package org.maproom.moderation.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.identity.DisplayNames;
import org.maproom.moderation.identity.Passwords;
import org.maproom.moderation.email.Mailer;
import org.maproom.moderation.email.OutboxMailer;
import org.maproom.moderation.readmodel.EmailTokens;
import org.maproom.moderation.readmodel.SessionStore;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.db.Database;
import org.maproom.platform.Rejection;
import org.maproom.platform.http.AddressKey;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.RateLimiter;
import org.maproom.platform.identity.Identity;

/**
 * Sign-up with a confirmed address, sign-in, sessions, password change and reset: moderation-service is the identity
 * provider. Sign-up and reset answer the same whether or not an address is registered, and do the same work (one
 * Argon2id hash, one email), so neither the answer nor its timing tells.
 */
public final class AccountRoutes {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccountRoutes.class);
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

  private static final Duration VERIFY_TTL = Duration.ofHours(48);
  private static final Duration RESET_TTL = Duration.ofHours(1);
  private final Mailer mailer;
  private final EmailTokens tokens;
  private final String baseUrl;
  private final String site;

  private final Database database;
  private final DisplayNames names;

  /** {@code database}: for listing the dev outbox. */
  public AccountRoutes(ActorSystem<?> system, Passwords passwords, SessionStore sessions, PiiCipher pii, Clock clock,
      Mailer mailer, EmailTokens tokens, DisplayNames names, Database database) {
    var config = system.settings().config();
    this.names = names;
    this.database = database;
    this.mailer = mailer;
    this.tokens = tokens;
    this.baseUrl = config.getString("moderation.public-base-url");
    this.site = config.getString("moderation.site-name");
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
        .post("/accounts", p -> Api.json(ModerationApi.SignUp.class, body -> Api.reply(StatusCodes.ACCEPTED, signUp(body))))
        .post("/accounts/verify", p -> Api.json(ModerationApi.VerifyEmail.class, body -> Api.reply(verify(body.token()))))
        .post("/accounts/password-reset", p -> Api.json(ModerationApi.RequestPasswordReset.class, body ->
            Api.reply(StatusCodes.ACCEPTED, requestReset(body))))
        .post("/accounts/password-reset/complete", p -> Api.json(ModerationApi.ResetPassword.class, body ->
            Api.reply(completeReset(body))))
        .get("/admin/email/outbox", p -> api.requireRole(Identity.ADMIN, who -> Api.query(q ->
            Api.reply(OutboxMailer.latest(database, q.get("accountId"), 100)))))
        .post("/sessions", p -> Api.json(ModerationApi.SignIn.class, body -> Api.reply(StatusCodes.CREATED, signIn(body))))
        .post("/sessions/resolve", p -> Api.json(ModerationApi.ResolveSession.class, body -> Api.reply(resolve(body.token()))))
        .post("/sessions/end", p -> Api.json(ModerationApi.EndSession.class, body ->
            Api.reply(sessions.end(body.token() == null ? "" : body.token()).thenApply(ModerationApi.SessionsEnded::new))))
        .post("/accounts/me/sessions/end", p -> api.requireIdentity(who ->
            Api.reply(sessions.endAll(who.accountId()).thenApply(ModerationApi.SessionsEnded::new))))
        .post("/accounts/me/password", p -> api.requireIdentity(who -> Api.json(ModerationApi.ChangePassword.class, body ->
            Api.reply(changePassword(who, body)))))
        .delete("/accounts/me", p -> api.requireIdentity(who -> Api.json(ModerationApi.DeleteAccount.class, body ->
            Api.reply(delete(who, body)))));
  }

  /**
   * Registers an account under a display name no other account holds (nor a look-alike); a conflict if the address
   * is taken. The first admin comes this way, already confirmed.
   */
  public CompletionStage<ModerationApi.Account> register(String email, String displayName, String password, Set<String> roles,
      boolean verified) {
    String normalized = normalizeEmail(email);
    checkPassword(password);
    String nameProblem = Account.nameProblem(displayName);
    if (nameProblem != null) throw new ProblemException(422, "Invalid request", nameProblem);
    String accountId = pii.lookupHash(normalized);
    String encryptedEmail = pii.encrypt(normalized, accountId);
    return names.claimFor(accountId, displayName, clock.instant(), () -> passwords.hash(password)
            .thenCompose(hash -> account(accountId).<Account.Profile>askWithStatus(
                reply -> new Account.Register(encryptedEmail, displayName, hash, roles, verified, clock.instant(), reply), timeout)))
        .thenApply(AccountRoutes::toDto);
  }

  private static void checkPassword(String password) {
    if (!Passwords.acceptable(password)) {
      throw ProblemException.badRequest(
          "The password must be " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters.");
    }
  }

  /** A new address gets a confirmation link; a registered one gets a note that someone tried. Same answer either way. */
  private CompletionStage<ModerationApi.SignUpAccepted> signUp(ModerationApi.SignUp body) {
    String email = normalizeEmail(body.email());
    String accountId = pii.lookupHash(email);
    return register(email, body.displayName(), body.password(), Set.of(Identity.READER), false)
        .thenCompose(account -> tokens.issue(accountId, EmailTokens.VERIFY, VERIFY_TTL, clock.instant())
            .thenCompose(token -> mailer.send(accountId, email, "Confirm your email for " + site,
                "Welcome to " + site + ".\n\nConfirm your address to comment:\n" + baseUrl + "/verify-email?token=" + token
                    + "\n\nThe link works for 48 hours. If you did not sign up, ignore this email.\n")))
        .exceptionallyCompose(failure -> {
          if (!isConflict(failure)) return CompletableFuture.failedFuture(failure);
          return mailer.send(accountId, email, "Someone tried to sign up with your email at " + site,
              "Someone, perhaps you, tried to create an account at " + site + " with this address, which already has one.\n\n"
                  + "Sign in at " + baseUrl + "/sign-in, or reset your password at " + baseUrl + "/reset-password.\n");
        })
        .thenApply(sent -> new ModerationApi.SignUpAccepted("Check your email to confirm your address."));
  }

  private CompletionStage<ModerationApi.Account> verify(String token) {
    if (token == null || token.length() > 100) throw new ProblemException(400, "Bad request", "That link is not valid.");
    return tokens.redeem(token, EmailTokens.VERIFY, clock.instant()).thenCompose(accountId -> {
      if (accountId.isEmpty()) throw new ProblemException(400, "Bad request", "That link is not valid or has expired.");
      return account(accountId.get()).<Account.Profile>askWithStatus(r -> new Account.VerifyEmail(clock.instant(), r), timeout)
          .thenApply(AccountRoutes::toDto);
    });
  }

  /**
   * A reset link goes to a registered address; for any other, nothing is sent. The answer comes before any of that
   * work (looking the account up, issuing the token, mailing), so neither it nor its timing tells them apart.
   */
  private CompletionStage<ModerationApi.SignUpAccepted> requestReset(ModerationApi.RequestPasswordReset body) {
    String email = normalizeEmail(body.email());
    String accountId = pii.lookupHash(email);
    signInsPerAccount.check(accountId);
    signInsPerIp.check(AddressKey.of(body.ip()));
    account(accountId).askWithStatus(Account.GetProfile::new, timeout)
        .thenCompose(profile -> tokens.issue(accountId, EmailTokens.RESET, RESET_TTL, clock.instant())
            .thenCompose(token -> mailer.send(accountId, email, "Reset your password at " + site,
                "Choose a new password:\n" + baseUrl + "/reset-password?token=" + token
                    + "\n\nThe link works for an hour. If you did not ask, ignore this email; your password stays as it is.\n")))
        .whenComplete((sent, failure) -> {
          if (failure != null && !Rejection.isKind(failure, Rejection.Kind.NOT_FOUND)) {
            log.warn("A password reset email could not be sent ({}).", failure.getClass().getSimpleName()); // its message may name the address
          }
        });
    return CompletableFuture.completedFuture(
        new ModerationApi.SignUpAccepted("If that address has an account, a reset link is on its way."));
  }

  private CompletionStage<ModerationApi.SignUpAccepted> completeReset(ModerationApi.ResetPassword body) {
    checkPassword(body.newPassword());
    if (body.token() == null || body.token().length() > 100) throw new ProblemException(400, "Bad request", "That link is not valid.");
    return tokens.redeem(body.token(), EmailTokens.RESET, clock.instant()).thenCompose(accountId -> {
      if (accountId.isEmpty()) throw new ProblemException(400, "Bad request", "That link is not valid or has expired.");
      return passwords.hash(body.newPassword())
          .thenCompose(hash -> account(accountId.get()).<Account.Profile>askWithStatus(r -> new Account.ChangePassword(hash, clock.instant(), r), timeout))
          .thenCompose(profile -> sessions.endAll(accountId.get()))
          .thenApply(ended -> new ModerationApi.SignUpAccepted("Your password is changed; sign in with it."));
    });
  }

  /**
   * Failed attempts are limited per account from one address and per address; successes count for nothing, so a
   * stranger's failures never lock the owner out, and a correct password from an address that has not failed is
   * always let in. The account's limit is keyed by the email's hash whether or not it is registered, so a 429 says
   * nothing about that either. Addresses are keyed as every per-address limit keys them ({@link AddressKey}).
   */
  private CompletionStage<ModerationApi.Session> signIn(ModerationApi.SignIn body) {
    if (body.email() == null || body.password() == null) throw BAD_CREDENTIALS;
    String accountId = pii.lookupHash(body.email().strip().toLowerCase(Locale.ROOT));
    String ip = AddressKey.of(body.ip());
    String accountFromHere = accountId + " " + ip;
    signInsPerAccount.checkRoom(accountFromHere);
    signInsPerIp.checkRoom(ip);
    return account(accountId)
        .askWithStatus(Account.GetCredentials::new, timeout)
        .exceptionally(unknown -> null) // an unknown email is checked against a dummy hash below
        .thenCompose(credentials -> passwords
            .matches(body.password(), credentials == null ? null : credentials.passwordHash())
            .thenCompose(ok -> {
              if (!ok) {
                signInsPerAccount.spend(accountFromHere);
                signInsPerIp.spend(ip);
                throw BAD_CREDENTIALS;
              }
              return sessions.start(accountId, clock.instant())
                  .thenApply(s -> new ModerationApi.Session(s.token(), toDto(credentials.profile()), s.expiresAt()));
            }));
  }

  /** A new password ends every session, this one too, and answers with a fresh session for the caller. */
  private CompletionStage<ModerationApi.Session> changePassword(Identity who, ModerationApi.ChangePassword body) {
    checkPassword(body.newPassword());
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

  /**
   * Deletes the caller's account, confirmed with the password (attempts limited like sign-ins). Every session ends
   * now; the erasure projection does the rest (AccountErasure).
   */
  private CompletionStage<ModerationApi.SessionsEnded> delete(Identity who, ModerationApi.DeleteAccount body) {
    String choice = body.comments() == null ? "" : body.comments();
    if (!choice.equals("keep") && !choice.equals("remove")) {
      throw new ProblemException(422, "Invalid request", "comments must be keep (left up under \"Deleted account\") or remove.");
    }
    signInsPerAccount.check(who.accountId());
    return account(who.accountId()).askWithStatus(Account.GetCredentials::new, timeout)
        .thenCompose(credentials -> passwords.matches(body.password() == null ? "" : body.password(), credentials.passwordHash()))
        .thenCompose(ok -> {
          if (!ok) throw new ProblemException(401, "Unauthorized", "The password is wrong.");
          return account(who.accountId()).<org.apache.pekko.Done>askWithStatus(
              r -> new Account.Erase(choice.equals("remove"), clock.instant(), r), timeout);
        })
        .thenCompose(erased -> sessions.endAll(who.accountId()))
        .thenApply(ModerationApi.SessionsEnded::new);
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
    return new ModerationApi.Account(p.id(), p.displayName(), p.roles(), p.joinedAt(), p.emailVerified());
  }

  /** True when a failure means "already registered", which start-up treats as done. */
  public static boolean isConflict(Throwable failure) {
    return Rejection.isKind(failure, Rejection.Kind.CONFLICT);
  }
}
