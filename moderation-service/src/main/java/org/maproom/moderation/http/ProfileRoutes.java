package org.maproom.moderation.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.identity.DisplayNames;
import org.maproom.moderation.readmodel.CommentQueries;
import org.maproom.moderation.readmodel.EmailTokens;
import org.maproom.moderation.readmodel.SessionStore;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.Rejection;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;

/**
 * Profiles: the public one (name, bio, join date, visible comments), one's own account and its settings, the data
 * download, the one-click stop for decision emails, and the roles an admin grants.
 */
public final class ProfileRoutes {
  private final ClusterSharding sharding;
  private final DisplayNames names;
  private final CommentQueries comments;
  private final SessionStore sessions;
  private final EmailTokens tokens;
  private final PiiCipher pii;
  private final Clock clock;
  private final Duration timeout;

  public ProfileRoutes(ActorSystem<?> system, DisplayNames names, CommentQueries comments, SessionStore sessions, EmailTokens tokens,
      PiiCipher pii, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.names = names;
    this.comments = comments;
    this.sessions = sessions;
    this.tokens = tokens;
    this.pii = pii;
    this.clock = clock;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
  }

  public Api register(Api api) {
    return api
        .get("/profiles/{id}", p -> Api.reply(profile(p.get("id"))))
        .get("/accounts/me", p -> api.requireIdentity(who -> Api.reply(mine(who.accountId()))))
        .put("/accounts/me/profile", p -> api.requireIdentity(who -> Api.json(ModerationApi.UpdateProfile.class, body ->
            Api.reply(update(who.accountId(), body)))))
        .get("/accounts/me/data", p -> api.requireIdentity(who -> Api.reply(export(who.accountId()))))
        .post("/accounts/email-preferences/unsubscribe", p -> Api.json(ModerationApi.Unsubscribe.class, body ->
            Api.reply(unsubscribe(body.token()))))
        .put("/admin/accounts/{id}/roles", p -> api.requireRole(Identity.ADMIN, who -> Api.json(ModerationApi.SetRoles.class, body ->
            Api.reply(account(p.get("id")).<Account.Profile>askWithStatus(
                r -> new Account.SetRoles(body.roles(), who.accountId(), clock.instant(), r), timeout).thenApply(ProfileRoutes::toAccount)))));
  }

  private CompletionStage<ModerationApi.Profile> profile(String accountId) {
    return account(accountId).askWithStatus(Account.GetProfile::new, timeout)
        .exceptionally(failure -> {
          if (Rejection.isKind(failure, Rejection.Kind.NOT_FOUND) || Rejection.isKind(failure, Rejection.Kind.FORBIDDEN)) {
            throw ProblemException.notFound("There is no such profile.");
          }
          throw new java.util.concurrent.CompletionException(failure);
        })
        .thenCombine(comments.approvedCount(accountId), (p, approved) ->
            new ModerationApi.Profile(p.id(), p.displayName(), p.bio(), p.joinedAt(), approved));
  }

  private CompletionStage<ModerationApi.MyAccount> mine(String accountId) {
    return account(accountId).askWithStatus(Account.GetCredentials::new, timeout)
        .thenApply(c -> toMine(c, accountId));
  }

  private ModerationApi.MyAccount toMine(Account.Credentials c, String accountId) {
    Account.Profile p = c.profile();
    return new ModerationApi.MyAccount(p.id(), pii.decrypt(c.encryptedEmail(), accountId), p.displayName(), p.bio(), p.roles(),
        p.joinedAt(), p.emailVerified(), p.notifyOnDecision());
  }

  /** A new display name is claimed first and the old one given back after; a refused change gives the new one back. */
  private CompletionStage<ModerationApi.MyAccount> update(String accountId, ModerationApi.UpdateProfile body) {
    Instant now = clock.instant();
    return account(accountId).askWithStatus(Account.GetProfile::new, timeout).thenCompose(current -> {
      String wanted = body.displayName() == null ? null : body.displayName().strip();
      java.util.function.Supplier<CompletionStage<Account.Profile>> change = () -> account(accountId).askWithStatus(
          r -> new Account.UpdateProfile(wanted, body.bio(), body.notifyOnDecision(), now, r), timeout);
      if (wanted == null || wanted.equals(current.displayName())) return change.get();
      String problem = Account.nameProblem(wanted);
      if (problem != null) throw new ProblemException(422, "Invalid request", problem);
      boolean sameLook = DisplayNames.skeleton(wanted).equals(DisplayNames.skeleton(current.displayName()));
      return names.claimFor(accountId, wanted, now, change)
          .thenCompose(updated -> sameLook ? CompletableFuture.completedFuture(updated)
              : names.release(accountId, current.displayName()).thenApply(released -> updated));
    }).thenCompose(updated -> mine(accountId));
  }

  private CompletionStage<ModerationApi.DataExport> export(String accountId) {
    Instant now = clock.instant();
    var credentials = account(accountId).<Account.Credentials>askWithStatus(Account.GetCredentials::new, timeout);
    var authored = comments.authoredBy(accountId);
    var live = sessions.list(accountId, now);
    return credentials.thenCompose(c -> authored.thenCombine(live, (a, s) -> {
      Account.Profile p = c.profile();
      boolean banned = p.bannedAt(now);
      var standing = new ModerationApi.Standing(p.id(), p.displayName(), banned, banned ? p.ban().until() : null,
          banned ? p.ban().reason() : null);
      return new ModerationApi.DataExport(toMine(c, accountId), standing, a.comments(), a.reports(), s, now);
    }));
  }

  private CompletionStage<ModerationApi.SignUpAccepted> unsubscribe(String token) {
    if (token == null || token.length() > 100) throw new ProblemException(400, "Bad request", "That link is not valid.");
    return tokens.redeem(token, EmailTokens.UNSUBSCRIBE, clock.instant()).thenCompose(accountId -> {
      if (accountId.isEmpty()) throw new ProblemException(400, "Bad request", "That link is not valid, was used already or has expired.");
      return account(accountId.get()).<Account.Profile>askWithStatus(
              r -> new Account.UpdateProfile(null, null, false, clock.instant(), r), timeout)
          .thenApply(p -> new ModerationApi.SignUpAccepted("You will get no more emails about your comments."));
    });
  }

  private EntityRef<Account.Command> account(String id) {
    if (id.length() > 64) throw ProblemException.notFound("There is no such account.");
    return sharding.entityRefFor(Account.ENTITY_KEY, id);
  }

  private static ModerationApi.Account toAccount(Account.Profile p) {
    return new ModerationApi.Account(p.id(), p.displayName(), p.roles(), p.joinedAt(), p.emailVerified());
  }
}
