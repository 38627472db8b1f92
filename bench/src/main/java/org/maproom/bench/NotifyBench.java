package org.maproom.bench;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.notify.Main;
import org.maproom.platform.PiiCipher;
import org.maproom.testkit.FakeSmsProvider;
import org.maproom.testkit.Identities;
import org.maproom.testkit.Ports;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * notify-service on PostgreSQL against the fake Twilio-compatible provider over real HTTP, everything on one box:
 *
 * <ol>
 *   <li>sign-ups: distinct numbers, each a consent record (the program on its waitlist, so nothing is sent);
 *   <li>fan-out: 100,000 confirmed subscribers (written straight into the read model, encrypted as the service
 *       does), one article, no rate cap: texts per second from the first text to the last, without status callbacks
 *       and then with two for every text (sent, delivered) coming back to the service on the same two cores;
 *   <li>rate: a service capped at {@code bench.rate} segments per second, and the rate it held (segments the
 *       provider received per second, from its own clock), over {@code bench.capped} subscribers.
 * </ol>
 *
 * <p>Run: {@code mvn -q -Pbench -DskipTests install && mvn -q -Pbench -pl bench exec:java
 * -Dbench.main=org.maproom.bench.NotifyBench} (system properties: {@code bench.clients}, {@code bench.seconds},
 * {@code bench.subscribers}, {@code bench.rate}, {@code bench.capped}).
 */
public final class NotifyBench {
  private static final String TITLE = "The map is not the territory";

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 15);
    int clients = Integer.getInteger("bench.clients", 32);
    int subscribers = Integer.getInteger("bench.subscribers", 100_000);
    int rate = Integer.getInteger("bench.rate", 100);
    int capped = Integer.getInteger("bench.capped", 1_500);
    System.out.printf("notify-service, %d cores%n", Runtime.getRuntime().availableProcessors());

    try (FakeSmsProvider provider = FakeSmsProvider.start("bench-token")) {
      try (TestService service = start(provider, 0, false)) {
        LoadRun.Result signUps = LoadRun.runRequests(service.baseUrl(), i -> new LoadRun.Request("/subscriptions",
            "{\"phone\":\"+4479" + (20_000_000 + i) + "\",\"consent\":true,\"page\":\"/\",\"userAgent\":\"bench\"}"),
            clients, Duration.ofSeconds(seconds));
        System.out.printf("POST subscriptions, %d clients  %s%n", clients, signUps);
      }
      provider.callbacks();
      try (TestService service = start(provider, 0, true)) {
        fanOut(service, provider, subscribers, "uncapped, no status callbacks");
      }
      provider.callbacks("sent", "delivered");
      try (TestService service = start(provider, 0, true)) {
        fanOut(service, provider, subscribers, "uncapped, two status callbacks per text");
      }
      provider.callbacks("sent", "delivered");
      try (TestService service = start(provider, rate, true)) {
        fanOut(service, provider, capped, "capped at " + rate + " segments/s");
      }
    }
    System.exit(0);
  }

  private static TestService start(FakeSmsProvider provider, int segmentsPerSecond, boolean live) {
    int port = Ports.free();
    Map<String, Object> config = new HashMap<>(provider.config("notify.sms.twilio", "http://127.0.0.1:" + port + "/sms/status"));
    config.put("maproom.http.port", port);
    config.put("notify.sms.provider", "twilio");
    config.put("notify.sms.live-initially", String.valueOf(live));
    config.put("notify.sms.segments-per-second", String.valueOf(segmentsPerSecond));
    config.put("maproom.db.pool-size", 8);
    config.put("notify.sms.parallelism", Integer.getInteger("bench.parallelism", 32));
    // Production's housekeeping, not the tests' hurried one (which reconciles any text without a final status after 3 s).
    config.put("notify.sms.housekeeping-interval", "5s");
    config.put("notify.sms.reconcile-after", "10m");
    return TestService.startWithBroker(Main.NAME, Main::init, config);
  }

  /** Confirmed subscribers straight into the read model, then one article, timed until its campaign completes. */
  private static void fanOut(TestService service, FakeSmsProvider provider, int count, String label) throws Exception {
    try (var c = service.database().connect()) {
      Subscribers.seedConfirmed(c, PiiCipher.fromConfig(service.running().system().settings().config()), count);
    }
    int before = provider.messages().size();
    String article = "bench-" + label.replaceAll("\\W+", "-");
    String event = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
        .replace("the-map-is-not-the-territory", article).replace("2026-11-24T09:00:00Z", Instant.now().toString());
    long published = System.nanoTime();
    TopicProbe.send(service.kafka(), Topics.CONTENT, article, event);
    var admin = Identities.header("bench", "admin");
    await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
        "completed".equals(service.http().get("/admin/campaigns/" + article, admin).as(NotifyApi.CampaignProgress.class).status()));
    double wall = (System.nanoTime() - published) / 1e9;
    List<FakeSmsProvider.Message> texts = provider.messages().subList(before, provider.messages().size()).stream()
        .filter(m -> m.body().contains(TITLE)).toList();
    long first = texts.get(0).at();
    long last = texts.get(texts.size() - 1).at();
    int segments = Integer.parseInt(String.valueOf(texts.get(0).body().length() <= 160 ? 1 : (texts.get(0).body().length() + 152) / 153));
    double sending = Math.max(0.001, (last - first) / 1000.0);
    var progress = service.http().get("/admin/campaigns/" + article, admin).as(NotifyApi.CampaignProgress.class);
    System.out.printf("fan-out %s: %,d subscribers, %,d texts (%d segments each) in %.1f s from publish to completion; "
            + "%.0f texts/s, %.1f segments/s between the first and the last text; sent %,d, ambiguous %d%n",
        label, count, texts.size(), segments, wall, (texts.size() - 1) / sending, (texts.size() - 1) * segments / sending,
        progress.sent(), progress.ambiguous());
  }
}
