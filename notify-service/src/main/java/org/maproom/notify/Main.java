package org.maproom.notify;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.notify.delivery.DevOutbox;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.http.SubscriptionRoutes;
import org.maproom.notify.ingest.ContentEventsConsumer;
import org.maproom.notify.ingest.ModerationEventsConsumer;
import org.maproom.notify.projection.SubscriberReadModel;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.platform.kafka.TopicConsumer;
import org.maproom.platform.projection.Projections;

/** notify-service: SMS subscribers; texts each of them once when an article is published. */
public final class Main {
  public static final String NAME = "notify-service";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    var system = ctx.system();
    Config config = ctx.config().getConfig("notify");
    PiiCipher pii = PiiCipher.fromConfig(ctx.config());
    Subscriber.init(system);
    Projections.<Subscriber.Event>readModel(system, ctx.database(), "subscribers", Subscriber.TAGS, SubscriberReadModel::apply);
    var subscribers = new Subscribers(ctx.database());
    var outbox = new DevOutbox(ctx.database(), Clock.systemUTC());
    TopicConsumer.start(system, ctx.database(), NAME, Topics.CONTENT, ContentEvent.class,
        new ContentEventsConsumer(system, subscribers, outbox, pii, config.getString("program-name"))::handle);
    TopicConsumer.start(system, ctx.database(), NAME, Topics.MODERATION, ModerationEvent.class,
        new ModerationEventsConsumer(system, subscribers, Clock.systemUTC())::handle);
    String disclosureVersion = sha256(config.getString("disclosure"));
    return new SubscriptionRoutes(system, subscribers, outbox, pii, disclosureVersion, Clock.systemUTC()).api(new Api(ctx.identities()));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Main() {}
}
