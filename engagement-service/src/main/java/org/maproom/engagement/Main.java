package org.maproom.engagement;

import java.time.Duration;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.http.EngagementRoutes;
import org.maproom.engagement.ingest.ContentEventsConsumer;
import org.maproom.engagement.ingest.ModerationEventsConsumer;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.platform.kafka.TopicConsumer;

/** engagement-service: owns the counters; consumes content and moderation events. */
public final class Main {
  public static final String NAME = "engagement-service";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    var system = ctx.system();
    Duration timeout = ctx.config().getDuration("maproom.ask-timeout");
    ArticleEngagement.init(system);
    TopicConsumer.start(system, ctx.database(), NAME, Topics.CONTENT, ContentEvent.class,
        new ContentEventsConsumer(system, timeout)::handle);
    TopicConsumer.start(system, ctx.database(), NAME, Topics.MODERATION, ModerationEvent.class,
        new ModerationEventsConsumer(system, timeout)::handle);
    return new EngagementRoutes(system).api(ctx.identities());
  }

  private Main() {}
}
