package org.maproom.moderation;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.domain.Screening;
import org.maproom.moderation.domain.Thread;
import org.maproom.moderation.http.AccountRoutes;
import org.maproom.moderation.http.CommentRoutes;
import org.maproom.moderation.http.PolicyRoutes;
import org.maproom.moderation.http.ProfileRoutes;
import org.maproom.moderation.identity.DisplayNames;
import org.maproom.moderation.projection.AccountErasure;
import org.maproom.moderation.projection.DecisionNotices;
import org.maproom.moderation.email.Mailer;
import org.maproom.moderation.identity.Passwords;
import org.maproom.moderation.ingest.ContentEventsConsumer;
import org.maproom.moderation.projection.CommentPublisher;
import org.maproom.moderation.projection.CommentReadModel;
import org.maproom.moderation.readmodel.CommentQueries;
import org.maproom.moderation.readmodel.EmailTokens;
import org.maproom.moderation.readmodel.SessionStore;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.kafka.TopicConsumer;
import org.maproom.platform.projection.Projections;

/** moderation-service: accounts, sessions, comments and decisions; publishes maproom.moderation.v1. */
public final class Main {
  public static final String NAME = "moderation-service";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    var system = ctx.system();
    Config config = ctx.config().getConfig("moderation");
    Account.init(system);
    Comment.init(system);
    Thread.init(system);
    Projections.<Comment.Event>publish(system, ctx.database(), Comment.TAGS, Topics.MODERATION, CommentPublisher::toPublic);
    Projections.<Comment.Event>readModel(system, ctx.database(), "comments", Comment.TAGS, CommentReadModel::apply);
    Projections.<Account.Event>publish(system, ctx.database(), Account.TAGS, Topics.MODERATION, AccountErasure::toPublic);
    TopicConsumer.start(system, ctx.database(), NAME, Topics.CONTENT, ContentEvent.class,
        new ContentEventsConsumer(ctx.database())::handle);

    var passwords = new Passwords(system.dispatchers().lookup(DispatcherSelector.fromConfig("moderation.password-dispatcher")));
    var sessions = new SessionStore(ctx.database(), config.getDuration("session-ttl"));
    var mailer = Mailer.fromConfig(config.getConfig("email"), ctx.database(), system.dispatchers().lookup(DispatcherSelector.blocking()));
    var pii = PiiCipher.fromConfig(ctx.config());
    var tokens = new EmailTokens(ctx.database());
    var names = new DisplayNames(ctx.database());
    var queries = new CommentQueries(ctx.database());
    var clock = Clock.systemUTC();
    Projections.<Account.Event>forward(system, ctx.database(), "account-erasure", Account.TAGS, 10, Duration.ofMillis(200),
        new AccountErasure(system, ctx.database(), queries, clock)::handle);
    Projections.<Comment.Event>forward(system, ctx.database(), "decision-notices", Comment.TAGS, 20, Duration.ofMillis(200),
        new DecisionNotices(system, ctx.database(), queries, tokens, mailer, pii, clock)::handle);
    var accounts = new AccountRoutes(system, passwords, sessions, pii, clock, mailer, tokens, names, ctx.database());
    ensureFirstAdmin(accounts, config.getConfig("first-admin"));
    Api api = new Api(ctx.identities());
    accounts.register(api);
    new ProfileRoutes(system, names, queries, sessions, tokens, pii, clock).register(api);
    new CommentRoutes(system, queries, clock, config.getStringList("reasons"),
        Screening.fromConfig(config.getConfig("screening")), config.getInt("reports-to-queue")).register(api);
    new PolicyRoutes(system, clock).register(api);
    return api;
  }

  /** The first admin comes from configuration; starting again with the same email changes nothing. */
  private static void ensureFirstAdmin(AccountRoutes accounts, Config admin) {
    if (admin.getString("email").isBlank()) return;
    try {
      accounts.register(admin.getString("email"), admin.getString("display-name"), admin.getString("password"), Set.of(Identity.ADMIN), true)
          .handle((account, failure) -> {
            if (failure != null && !AccountRoutes.isConflict(failure)) throw new IllegalStateException("first admin", failure);
            return account;
          })
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not create the first admin", e);
    }
  }

  private Main() {}
}
