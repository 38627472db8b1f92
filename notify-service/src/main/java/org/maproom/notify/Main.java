package org.maproom.notify;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.notify.delivery.DevOutbox;
import org.maproom.notify.delivery.MeteredProvider;
import org.maproom.notify.delivery.SmsProvider;
import org.maproom.notify.delivery.TwilioProvider;
import org.maproom.notify.delivery.WithFallback;
import org.maproom.notify.dispatch.Dispatcher;
import org.maproom.notify.dispatch.Sends;
import org.maproom.notify.domain.Campaign;
import org.maproom.notify.domain.SmsProgram;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.domain.Texts;
import org.maproom.notify.domain.UnsubscribeLinks;
import org.maproom.notify.http.SmsRoutes;
import org.maproom.notify.http.SubscriptionRoutes;
import org.maproom.notify.ingest.ContentEventsConsumer;
import org.maproom.notify.ingest.ModerationEventsConsumer;
import org.maproom.notify.projection.CampaignReadModel;
import org.maproom.notify.projection.SubscriberReadModel;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.notify.readmodel.Suppressions;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.platform.kafka.TopicConsumer;
import org.maproom.platform.metrics.Metrics;
import org.maproom.platform.projection.Projections;

/**
 * notify-service: the SMS list (consent-first, a waitlist until the program goes live) and one text per subscriber
 * per published article, through a Twilio-compatible provider (or the dev outbox).
 */
public final class Main {
  public static final String NAME = "notify-service";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    var system = ctx.system();
    Config config = ctx.config().getConfig("notify");
    Config sms = config.getConfig("sms");
    Clock clock = Clock.systemUTC();
    PiiCipher pii = PiiCipher.fromConfig(ctx.config());
    Texts texts = Texts.fromConfig(config);
    var links = new UnsubscribeLinks(pii, config.getString("unsubscribe-link-base"));
    var subscribers = new Subscribers(ctx.database());
    var sends = new Sends(ctx.database());
    var outbox = new DevOutbox(ctx.database(), clock);
    var suppressions = new Suppressions(system, ctx.database(), clock);

    Subscriber.init(system);
    Campaign.init(system);
    SmsProgram.init(system, new SmsProgram.Settings(sms.getBoolean("live-initially"), sms.getString("window.start"),
        sms.getString("window.end"), null, null));
    Projections.<Subscriber.Event>readModel(system, ctx.database(), "subscribers", Subscriber.TAGS, SubscriberReadModel::apply);
    Projections.<Campaign.Event>readModel(system, ctx.database(), "campaigns", Campaign.TAGS, CampaignReadModel::apply);
    TopicConsumer.start(system, ctx.database(), NAME, Topics.CONTENT, ContentEvent.class, new ContentEventsConsumer(system, sends, sms.getDuration("listing-settle"), clock)::handle);
    TopicConsumer.start(system, ctx.database(), NAME, Topics.MODERATION, ModerationEvent.class,
        new ModerationEventsConsumer(system, subscribers, clock)::handle);

    var providers = providers(sms, outbox, Metrics.get(system).registry());
    var settings = Dispatcher.Settings.fromConfig(sms, ctx.config().getDuration("maproom.ask-timeout"));
    new Dispatcher(system, sends, subscribers, suppressions, providers, pii, texts, links, settings, clock).start();

    String disclosureVersion = sha256(config.getString("disclosure"));
    Api api = new SubscriptionRoutes(system, subscribers, suppressions, outbox, sends, links, pii, disclosureVersion, clock).api(new Api(ctx.identities()));
    List<String> tokens = List.of(sms.getString("twilio.auth-token"), sms.getString("fallback.auth-token"));
    return new SmsRoutes(system, sends, subscribers, suppressions, pii, texts, tokens, sms.getString("webhook-base-url"), settings.segmentsPerSecond(),
        settings.spend(), clock)
        .api(api);
  }

  /** "outbox" (dev) or "twilio", with a second Twilio-compatible account if one is configured. */
  private static WithFallback providers(Config sms, DevOutbox outbox, MeterRegistry registry) {
    var timeout = sms.getDuration("request-timeout");
    SmsProvider first = switch (sms.getString("provider")) {
      case "outbox" -> outbox;
      case "twilio" -> new TwilioProvider("twilio", TwilioProvider.Account.fromConfig(sms.getConfig("twilio")), timeout);
      default -> throw new IllegalArgumentException("notify.sms.provider must be outbox or twilio");
    };
    Config fallback = sms.getConfig("fallback");
    SmsProvider second = fallback.getString("base-url").isBlank() ? null
        : new MeteredProvider(new TwilioProvider("fallback", TwilioProvider.Account.fromConfig(fallback), timeout), registry);
    return new WithFallback(new MeteredProvider(first, registry), second);
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
