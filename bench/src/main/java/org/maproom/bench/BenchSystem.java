package org.maproom.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.devmode.LocalSystem;
import org.maproom.platform.ServiceRuntime;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.TestDatabase;

/**
 * The system under test for the load generators that run in processes of their own (wrk, Gatling, {@code bench/run}):
 * every service and the gateway in this JVM on fresh PostgreSQL databases and the embedded broker, one published
 * article with a poll, a promotion and three approved comments, and {@code bench.subscribers} (100,000) confirmed SMS
 * subscribers for a fan-out when the next piece is published. It writes what the load needs to know to
 * {@code bench.out} (a properties file: gateway, slug, article id, admin token, engagement-service's address, this
 * JVM's pid) and runs until it is stopped; its databases are dropped then.
 *
 * <p>All load comes from 127.0.0.1, so the per-address limits on taps and votes (which protect against one address,
 * not against a benchmark) are raised here; the per-reader limits stay as configured.
 *
 * <p>Run: {@code mvn -q -Pbench -pl bench exec:java -Dbench.main=org.maproom.bench.BenchSystem -Dbench.out=FILE}
 * ({@code bench.page-cache-ttl}: 2s, warm, by default; 0s for every page to ask the services).
 */
public final class BenchSystem implements AutoCloseable {
  static final String ADMIN = "bench@example.org";
  static final String PASSWORD = "a long bench password";

  private final EmbeddedKafka kafka = EmbeddedKafka.start();
  private final Map<String, TestDatabase> databases = new java.util.concurrent.ConcurrentHashMap<>();
  final LocalSystem system;
  final JsonHttp gateway;
  private final Map<String, String> admin;

  BenchSystem(String pageCacheTtl) {
    kafka.createTopics(Topics.ALL, 4);
    Map<String, Object> config = new HashMap<>(Map.of(
        "moderation.first-admin.email", ADMIN,
        "moderation.first-admin.password", PASSWORD,
        "gateway.page-cache-ttl", pageCacheTtl));
    // The texts go to notify-service's outbox at a real sender's pace (a short code: 100 segments a second).
    config.put("notify.sms.segments-per-second", Integer.getInteger("bench.sms-segments-per-second", 100));
    // Every simulated reader comes from this one machine's address: the per-address limits would count them as one.
    for (String limit : List.of("tap-per-ip", "vote-per-ip", "share-per-ip")) {
      config.put("engagement.rate-limits." + limit + ".capacity", 100_000_000);
    }
    config.put("engagement.hits-per-address-per-hour", 0);
    config.put("gateway.live-streams-per-address", 0);
    // The fan-out and the sign-up rows text far more than a real day's caps allow: measured without them.
    config.put("notify.sms.daily-confirmation-cap", 0);
    config.put("notify.sms.monthly-budget", 0);
    system = LocalSystem.start(service -> {
      TestDatabase db = TestDatabase.create(service);
      databases.put(service, db);
      return LocalConfig.Database.of(db);
    }, kafka.bootstrapServers(), false, config);
    gateway = new JsonHttp(system.gatewayUrl());
    var session = gateway.post("/api/sessions", new ModerationApi.SignIn(ADMIN, PASSWORD));
    admin = Map.of("Authorization", "Bearer " + session.as(ModerationApi.Session.class).token());
  }

  String adminToken() {
    return admin.get("Authorization").substring("Bearer ".length());
  }

  /** A published article with a poll, a promotion and three approved comments: its id and slug. */
  ContentApi.Article publish() {
    var input = new ContentApi.ArticleInput(null, "The Map Is Not the Territory", "On what maps leave out.", "Commentary", null,
        "Every map *leaves something out*.\n\n".repeat(40), null, null,
        new ContentApi.PollInput("Which map do you trust?", List.of("Mercator", "Robinson", "None"), null),
        new ContentApi.Promo("The atlas", "$17.76", "$30.00", 41, "https://example.org/atlas"), null);
    var article = gateway.post("/api/articles", input, admin).as(ContentApi.Article.class);
    String slug = article.slug();
    gateway.post("/api/articles/" + slug + "/publish", "", admin);
    for (int i = 0; i < 3; i++) {
      String text = "A thought, number " + i + ".";
      // moderation-service takes comments once it has read the article's publication from Kafka.
      var comment = await().atMost(Duration.ofSeconds(30)).until(() -> gateway.post("/api/articles/" + slug + "/comments",
          new ModerationApi.SubmitComment(text), admin), r -> r.status() == 201);
      String id = comment.as(ModerationApi.Comment.class).id();
      await().atMost(Duration.ofSeconds(30)).until(() -> gateway.post("/api/moderation/comments/" + id + "/approve", "", admin).status() == 200);
    }
    // Readable, and open for counting at engagement-service.
    await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/articles/" + slug).body().contains("data-counter=\"reach\">1<"));
    return article;
  }

  /** {@code count} confirmed SMS subscribers, for a fan-out when the next piece is published. */
  void seedSubscribers(int count) throws java.sql.SQLException {
    String notify = org.maproom.notify.Main.NAME;
    try (var c = databases.get(notify).connect()) {
      Subscribers.seedConfirmed(c, org.maproom.platform.PiiCipher.fromConfig(system.config(notify)), count);
    }
  }

  @Override
  public void close() {
    system.close();
    kafka.close();
    databases.values().forEach(TestDatabase::close);
  }

  public static void main(String[] args) throws Exception {
    ServiceRuntime.useCommonPoolForAsyncStages();
    Path out = Path.of(System.getProperty("bench.out", "target/bench-system.properties"));
    BenchSystem bench = new BenchSystem(System.getProperty("bench.page-cache-ttl", "2s"));
    Runtime.getRuntime().addShutdownHook(new Thread(bench::close, "bench-system-stop"));
    ContentApi.Article article = bench.publish();
    bench.seedSubscribers(Integer.getInteger("bench.subscribers", 100_000));
    Properties p = new Properties();
    p.setProperty("gateway", bench.system.gatewayUrl().replace("localhost", "127.0.0.1"));
    p.setProperty("slug", article.slug());
    p.setProperty("article", article.id());
    p.setProperty("admin-token", bench.adminToken());
    p.setProperty("engagement", "http://127.0.0.1:" + bench.system.httpPort(org.maproom.engagement.Main.NAME));
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path partial = Files.createTempFile(out.toAbsolutePath().getParent(), "bench", ".tmp");
    try (var w = Files.newBufferedWriter(partial)) {
      p.store(w, "the running bench system");
    }
    Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("bench system up: " + p);
    Thread.currentThread().join();
  }
}
