package org.maproom.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.maproom.content.Main;
import org.maproom.contracts.http.ContentApi;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TestService;

/**
 * Article by slug from content-service's read API: the two reads a reader's page costs (where the slug leads, then
 * the article), over real HTTP, against the real service on PostgreSQL, with the load generator on the same box.
 *
 * <p>Run: {@code mvn -q -Pbench -DskipTests install && mvn -q -Pbench -pl bench exec:java}
 * (system properties: {@code bench.articles}, {@code bench.clients}, {@code bench.seconds}).
 */
public final class ArticleBySlugBench {
  public static void main(String[] args) throws Exception {
    int articles = Integer.getInteger("bench.articles", 200);
    int clients = Integer.getInteger("bench.clients", 16);
    int seconds = Integer.getInteger("bench.seconds", 20);
    try (TestService service = TestService.startWithBroker(Main.NAME, Main::init, Map.of())) {
      JsonHttp http = service.http();
      Map<String, String> author = Identities.named("bench-author", "Bench Author", "author");
      String body = "A paragraph of commentary. ".repeat(200);
      for (int i = 0; i < articles; i++) {
        String slug = "bench-article-" + i;
        http.post("/articles", ContentApi.ArticleInput.of(slug, "Bench article " + i, "A dek", body), author);
        http.post("/articles/" + slug + "/publish", "", author);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/slugs/bench-article-" + (articles - 1)).status() == 200);
      String base = service.baseUrl();
      System.out.printf("content-service, %d published articles of %d KB, %d clients, %d s per run, %d cores%n",
          articles, body.length() / 1024, clients, seconds, Runtime.getRuntime().availableProcessors());
      LoadRun.run(base, i -> "/slugs/bench-article-" + (i % articles), clients, Duration.ofSeconds(5)); // warm-up
      System.out.println("GET /slugs/{slug}     " + LoadRun.run(base, i -> "/slugs/bench-article-" + (i % articles), clients, Duration.ofSeconds(seconds)));
      System.out.println("GET /articles/{id}    " + LoadRun.run(base, i -> "/articles/bench-article-" + (i % articles), clients, Duration.ofSeconds(seconds)));
    }
    System.exit(0);
  }
}
