package org.maproom.moderation.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.domain.Thread;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;

/** Who may comment where: an article's thread policy (anyone reads it, moderators set it) and account bans. */
public final class PolicyRoutes {
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final Clock clock;

  public PolicyRoutes(ActorSystem<?> system, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api register(Api api) {
    return api
        .get("/articles/{id}/thread", p -> Api.reply(thread(p.get("id")).askWithStatus(Thread.Get::new, timeout)
            .thenApply(PolicyRoutes::toDto)))
        .put("/articles/{id}/thread", p -> api.requireRole(Identity.MODERATOR, who -> Api.json(ModerationApi.ThreadPolicy.class, body ->
            Api.reply(setPolicy(who, p.get("id"), body)))))
        .post("/accounts/{id}/ban", p -> api.requireRole(Identity.MODERATOR, who -> Api.json(ModerationApi.Ban.class, body ->
            Api.reply(account(p.get("id")).<Account.Profile>askWithStatus(
                r -> new Account.Ban(who.accountId(), body.reason(), body.until(), clock.instant(), r), timeout).thenApply(this::standing)))))
        .post("/accounts/{id}/unban", p -> api.requireRole(Identity.MODERATOR, who -> Api.reply(account(p.get("id"))
            .<Account.Profile>askWithStatus(r -> new Account.Unban(who.accountId(), clock.instant(), r), timeout).thenApply(this::standing))));
  }

  private CompletionStage<ModerationApi.ThreadPolicy> setPolicy(Identity who, String articleId, ModerationApi.ThreadPolicy body) {
    Thread.PreModerate mode;
    try {
      mode = Thread.PreModerate.valueOf(body.preModerate() == null ? "everyone" : body.preModerate());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(422, "Invalid request", "preModerate must be everyone or untrusted.");
    }
    var policy = new Thread.Policy(body.closed(), mode, body.closeAfterDays());
    return thread(articleId).<Thread.Policy>askWithStatus(r -> new Thread.SetPolicy(policy, who.accountId(), r), timeout)
        .thenApply(PolicyRoutes::toDto);
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Thread.Command> thread(String articleId) {
    if (articleId.length() > 80) throw ProblemException.notFound("There is no such article.");
    return sharding.entityRefFor(Thread.ENTITY_KEY, articleId);
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Account.Command> account(String accountId) {
    if (accountId.length() > 64) throw ProblemException.notFound("There is no such account.");
    return sharding.entityRefFor(Account.ENTITY_KEY, accountId);
  }

  private static ModerationApi.ThreadPolicy toDto(Thread.Policy p) {
    return new ModerationApi.ThreadPolicy(p.closed(), p.preModerate().name(), p.closeAfterDays());
  }

  private ModerationApi.Standing standing(Account.Profile p) {
    boolean banned = p.bannedAt(clock.instant());
    return new ModerationApi.Standing(p.id(), p.displayName(), banned, banned ? p.ban().until() : null, banned ? p.ban().reason() : null);
  }
}
