package org.maproom.bench;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.devmode.LocalSystem;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.TestDatabase;

/**
 * The gateway in front of the whole system (four services on PostgreSQL, the embedded broker, everything and the load
 * generator on one box):
 *
 * <ol>
 *   <li>article page requests per second and latency, each request a reader the site has not seen (so each is a
 *       counted view), with the page cache on ({@code gateway.page-cache-ttl} 2 s: warm) and off (0: every request
 *       asks content- and moderation-service), and with the cache warm for a crawler, whose view is not written;
 *   <li>live-counter streams held: {@code bench.streams} Server-Sent Events connections opened to one article, a
 *       change of its counters reaching every one of them, and the heap they cost (measured in this JVM, which holds
 *       both ends of each connection, so the figure is an upper bound for the gateway alone).
 * </ol>
 *
 * <p>Run: {@code mvn -q -Pbench -DskipTests install && mvn -q -Pbench -pl bench exec:java
 * -Dbench.main=org.maproom.bench.GatewayBench} (system properties: {@code bench.clients}, {@code bench.seconds},
 * {@code bench.streams}).
 */
public final class GatewayBench {
  private static final String ADMIN = "bench@example.org";
  private static final String PASSWORD = "a long bench password";
  private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 15);
    int clients = Integer.getInteger("bench.clients", 32);
    int streams = Integer.getInteger("bench.streams", 2_000);
    System.out.printf("gateway over the whole system, %d cores, %d s per run%n", Runtime.getRuntime().availableProcessors(), seconds);
    for (String ttl : List.of("2s", "0s")) {
      try (Bench bench = new Bench(ttl)) {
        String slug = bench.publish();
        String path = "/articles/" + slug;
        LoadRun.run(bench.system.gatewayUrl(), i -> path, clients, Duration.ofSeconds(3)); // warm-up
        LoadRun.Result pages = LoadRun.runRequests(bench.system.gatewayUrl(),
            i -> new LoadRun.Request(path, null, Map.of("User-Agent", BROWSER)), clients, Duration.ofSeconds(seconds));
        System.out.printf("GET %s, page cache %s, %d clients, a new reader each  %s%n", path, ttl.equals("0s") ? "off (cold)" : "2 s (warm)", clients, pages);
        if (ttl.equals("2s")) {
          // The same page for a crawler: rendered alike, but no view is written (engagement-service only reads).
          LoadRun.Result crawled = LoadRun.runRequests(bench.system.gatewayUrl(),
              i -> new LoadRun.Request(path, null, Map.of("User-Agent", "Googlebot/2.1")), clients, Duration.ofSeconds(seconds));
          System.out.printf("GET %s, page cache 2 s (warm), %d clients, a crawler (no view written)  %s%n", path, clients, crawled);
          streams(bench, slug, streams);
        }
      }
    }
    System.exit(0);
  }

  private static void streams(Bench bench, String slug, int count) throws Exception {
    var memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    Thread.sleep(500);
    long before = memory.getHeapMemoryUsage().getUsed();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger updated = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(bench.system.gatewayUrl() + "/api/articles/" + slug + "/live")).build();
      all.add(http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Counting(opened, updated))));
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> opened.get() >= count);
    System.gc();
    Thread.sleep(1000);
    System.gc();
    long held = memory.getHeapMemoryUsage().getUsed() - before;
    // One more view changes the counters: the snapshot must reach every open stream.
    bench.gateway.get("/articles/" + slug, Map.of("User-Agent", BROWSER));
    long start = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> updated.get() >= count);
    double fanOut = (System.nanoTime() - start) / 1e9;
    System.out.printf("SSE: %d streams open, %d got the next change within %.2f s (publish to last delivery); heap %.1f MB for them "
            + "(%.1f KB each, both ends in this JVM) → at most %,d streams per GB of heap%n",
        opened.get(), updated.get(), fanOut, held / 1e6, held / 1024.0 / count, (long) ((1L << 30) / Math.max(1.0, (double) held / count)));
    all.forEach(f -> f.cancel(true));
  }

  /** Counts a stream as open at its first event, and as updated at its second (the change after the first). */
  private record Counting(AtomicInteger opened, AtomicInteger updated, int[] events) implements Flow.Subscriber<String> {
    Counting(AtomicInteger opened, AtomicInteger updated) {
      this(opened, updated, new int[1]);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (!line.startsWith("data:")) return;
      int n = ++events[0];
      if (n == 1) opened.incrementAndGet();
      if (n == 2) updated.incrementAndGet();
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  /** The whole system with its gateway's page cache at {@code ttl}. */
  private static final class Bench implements AutoCloseable {
    final EmbeddedKafka kafka = EmbeddedKafka.start();
    final List<TestDatabase> databases = new ArrayList<>();
    final LocalSystem system;
    final JsonHttp gateway;

    Bench(String ttl) {
      kafka.createTopics(Topics.ALL, 4);
      system = LocalSystem.start(service -> {
        TestDatabase db = TestDatabase.create(service);
        databases.add(db);
        return LocalConfig.Database.of(db);
      }, kafka.bootstrapServers(), false, Map.of("moderation.first-admin.email", ADMIN,
          "moderation.first-admin.password", PASSWORD, "gateway.page-cache-ttl", ttl));
      gateway = new JsonHttp(system.gatewayUrl());
    }

    /** A published article with a poll, a promotion and three approved comments. */
    String publish() {
      var session = gateway.post("/api/sessions", new ModerationApi.SignIn(ADMIN, PASSWORD));
      var admin = Map.of("Authorization", "Bearer " + session.as(ModerationApi.Session.class).token());
      var input = new ContentApi.ArticleInput(null, "The Map Is Not the Territory", "On what maps leave out.", "Commentary", null,
          "Every map *leaves something out*.\n\n".repeat(40), null, null,
          new ContentApi.PollInput("Which map do you trust?", List.of("Mercator", "Robinson", "None"), null),
          new ContentApi.Promo("The atlas", "$17.76", "$30.00", 41, "https://example.org/atlas"), null);
      String slug = gateway.post("/api/articles", input, admin).as(ContentApi.Article.class).slug();
      gateway.post("/api/articles/" + slug + "/publish", "", admin);
      for (int i = 0; i < 3; i++) {
        String text = "A thought, number " + i + ".";
        // moderation-service takes comments once it has read the article's publication from Kafka.
        var comment = await().atMost(Duration.ofSeconds(30)).until(() -> gateway.post("/api/articles/" + slug + "/comments",
            new ModerationApi.SubmitComment(text), admin), r -> r.status() == 201);
        String id = comment.as(ModerationApi.Comment.class).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.post("/api/moderation/comments/" + id + "/approve", "", admin).status() == 200);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/articles/" + slug).status() == 200);
      return slug;
    }

    @Override
    public void close() {
      system.close();
      kafka.close();
      databases.forEach(TestDatabase::close);
    }
  }
}
