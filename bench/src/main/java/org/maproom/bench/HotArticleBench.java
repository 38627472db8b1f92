package org.maproom.bench;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.engagement.Main;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * The hot article: every client records views of one article, each view by a new reader, against engagement-service
 * on PostgreSQL over real HTTP, the load generator on the same box. The target is 8,330 views/s (ten times the
 * ~833/s of a viral announcement). Afterwards it checks that the article counted exactly the views that were
 * answered 200, and reports how many views each journal write carried (the group commit).
 *
 * <p>Run: {@code mvn -q -Pbench -DskipTests install && mvn -q -Pbench -pl bench exec:java
 * -Dbench.main=org.maproom.bench.HotArticleBench} (system properties: {@code bench.clients}, {@code bench.seconds}).
 */
public final class HotArticleBench {
  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 20);
    String article = "the-map-is-not-the-territory";
    try (TestService service = TestService.startWithBroker(Main.NAME, Main::init, Map.of())) {
      TopicProbe.send(service.kafka(), Topics.CONTENT, article, new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8));
      JsonHttp http = service.http();
      await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/articles/" + article + "/counters").status() == 200);
      String base = service.baseUrl();
      String path = "/articles/" + article + "/views";
      System.out.printf("engagement-service, one article, a new reader per view, %d s per run, %d cores%n",
          seconds, Runtime.getRuntime().availableProcessors());
      long answered = 0;
      int run = 0;
      for (String c : System.getProperty("bench.clients", "16,64,256").split(",")) {
        int clients = Integer.parseInt(c.trim());
        int offset = ++run * 100_000_000;
        LoadRun.Result result = LoadRun.runRequests(base, i -> new LoadRun.Request(path,
            "{\"readerId\":\"bench-reader-" + (offset + i) + "\",\"userAgent\":\"" + JsonHttp.BROWSER + "\"}"),
            clients, Duration.ofSeconds(seconds));
        answered += result.requests() - result.errors();
        System.out.printf("POST views, %3d clients  %s%n", clients, result);
      }
      EngagementApi.Counters counters = http.get("/articles/" + article + "/counters").as(EngagementApi.Counters.class);
      try (var c = service.database().connect();
          ResultSet r = c.createStatement().executeQuery(
              "SELECT count(*) FROM event_journal WHERE persistence_id = 'ArticleEngagement|" + article + "'")) {
        r.next();
        long writes = r.getLong(1);
        System.out.printf("answered %,d views, counted %,d (%s); reach %,d; %,d journal writes, %.1f views per write%n",
            answered, counters.views(), answered == counters.views() ? "exact" : "MISMATCH", counters.reach(), writes,
            (double) counters.views() / writes);
      }
    }
    System.exit(0);
  }
}
