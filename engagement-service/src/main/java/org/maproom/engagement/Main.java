package org.maproom.engagement;

import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.Props;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.domain.ReaderChoices;
import org.maproom.engagement.tally.ChoiceTallies;
import org.maproom.engagement.http.EngagementRoutes;
import org.maproom.engagement.ingest.ContentEventsConsumer;
import org.maproom.engagement.ingest.ModerationEventsConsumer;
import org.maproom.engagement.snapshots.CounterSnapshots;
import org.maproom.engagement.snapshots.TopArticles;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.platform.kafka.EventProducer;
import org.maproom.platform.kafka.TopicConsumer;
import org.maproom.platform.metrics.Metrics;

/** engagement-service: owns the counters; consumes content and moderation events, publishes live counter snapshots. */
public final class Main {
  public static final String NAME = "engagement-service";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    var system = ctx.system();
    Duration timeout = ctx.config().getDuration("maproom.ask-timeout");
    Clock clock = Clock.systemUTC();
    var database = ctx.database();
    var snapshots = system.systemActorOf(CounterSnapshots.create(new EventProducer(system, Topics.ENGAGEMENT), database, clock,
        ctx.config().getDuration("engagement.snapshot-interval")), "counter-snapshots", Props.empty());
    var overBudget = EngagementRoutes.dropped(Metrics.get(system).registry(), "address-budget");
    ArticleEngagement.init(system, snapshots, new ArticleEngagement.Limits(
        ctx.config().getInt("engagement.hits-per-address-per-hour"), overBudget::increment));
    ReaderChoices.init(system);
    ChoiceTallies.start(system, database, timeout);
    TopicConsumer.start(system, database, NAME, Topics.CONTENT, ContentEvent.class,
        new ContentEventsConsumer(system, timeout)::handle);
    TopicConsumer.start(system, database, NAME, Topics.MODERATION, ModerationEvent.class,
        new ModerationEventsConsumer(system, timeout)::handle);
    return new EngagementRoutes(system, clock, new TopArticles(database, clock), ctx.identities()).api();
  }

  private Main() {}
}
