package org.maproom.bench;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.Main;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * moderation-service on PostgreSQL over real HTTP, the load generator on the same box:
 *
 * <ol>
 *   <li>comment submission: each comment by another signed-in reader (so screening's burst rule does not hold them),
 *       through the whole path (thread policy, account, screening's queries, the Comment entity);
 *   <li>the pending queue's first page (with its total) while at least 10,000 comments wait;
 *   <li>sign-ins with the right password, bounded by Argon2id by design (about 100 ms of a core each, on a pool of
 *       two threads); the per-account attempt limit is lifted for the run.
 * </ol>
 *
 * <p>Run: {@code mvn -q -Pbench -DskipTests install && mvn -q -Pbench -pl bench exec:java
 * -Dbench.main=org.maproom.bench.ModerationBench} (system properties: {@code bench.clients}, {@code bench.seconds}).
 */
public final class ModerationBench {
  private static final int QUEUE = 10_000;

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 15);
    int clients = Integer.getInteger("bench.clients", 32);
    String article = "the-map-is-not-the-territory";
    try (TestService service = TestService.startWithBroker(Main.NAME, Main::init,
        Map.of("moderation.rate-limits.sign-in-per-account.capacity", 1_000_000))) {
      TopicProbe.send(service.kafka(), Topics.CONTENT, article, new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8));
      JsonHttp http = service.http();
      await().atMost(Duration.ofSeconds(60)).until(() -> http.post("/articles/" + article + "/comments",
          new ModerationApi.SubmitComment(" "), Identities.header("someone", "reader")).status() == 422);
      String base = service.baseUrl();
      System.out.printf("moderation-service, %d clients, %d s per run, %d cores%n", clients, seconds, Runtime.getRuntime().availableProcessors());

      String comments = "/articles/" + article + "/comments";
      LoadRun.Result submitted = LoadRun.runRequests(base, i -> new LoadRun.Request(comments,
          "{\"body\":\"Comment number " + i + " on the borders piece.\"}", Identities.named("bench-reader-" + i, "Reader " + i, "reader")),
          clients, Duration.ofSeconds(seconds));
      System.out.printf("POST comments        %s%n", submitted);

      // Top the queue up to 10,000 pending, then read its first page (and total) as moderators do.
      long pending = waitingNow(http);
      while (pending < QUEUE) {
        LoadRun.runRequests(base, k -> new LoadRun.Request(comments, "{\"body\":\"Filler " + k + "\"}",
            Identities.named("bench-filler-" + k, "Filler " + k, "reader")), clients, Duration.ofSeconds(5));
        Thread.sleep(2_000); // the queue is a read model, a moment behind
        pending = waitingNow(http);
      }
      System.out.printf("pending queue: %,d comments%n", pending);
      var moderator = Identities.header("bench-moderator", "moderator");
      LoadRun.Result queue = LoadRun.runRequests(base, i -> new LoadRun.Request("/comments?status=pending&limit=50", null, moderator),
          clients, Duration.ofSeconds(seconds));
      System.out.printf("GET pending (50/page) %s%n", queue);

      int accounts = 20;
      for (int i = 0; i < accounts; i++) {
        http.post("/accounts", new ModerationApi.SignUp("bench" + i + "@example.org", "Bench Account " + i, "a long password"));
      }
      LoadRun.Result signIns = LoadRun.runRequests(base, i -> new LoadRun.Request("/sessions",
          new String(EventJson.write(new ModerationApi.SignIn("bench" + (i % accounts) + "@example.org", "a long password")),
              StandardCharsets.UTF_8)), clients, Duration.ofSeconds(seconds));
      System.out.printf("POST sessions        %s%n", signIns);
    }
    System.exit(0);
  }

  private static long waitingNow(JsonHttp http) {
    return http.get("/comments?status=pending&limit=1", Identities.header("bench-moderator", "moderator"))
        .as(ModerationApi.CommentList.class).total();
  }
}
