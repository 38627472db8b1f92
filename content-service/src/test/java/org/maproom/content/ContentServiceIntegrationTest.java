package org.maproom.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.http.ContentApi;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.OpenApiSpec;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/** content-service over real HTTP, on its own PostgreSQL database, publishing to the embedded broker. */
class ContentServiceIntegrationTest {
  static EmbeddedKafka kafka;
  static TestService service;
  static JsonHttp http;
  static final Map<String, String> AUTHOR = Identities.header("author-1", "author");

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.of());
    kafka = service.kafka();
    http = service.http();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  @Test
  void publishingAnArticlePutsOneArticlePublishedOnTheTopicAndTheArticleInTheReadModel() throws Exception {
    var created = http.post("/articles", new ContentApi.CreateArticle(null, "Maps & Power", "A dek", null, "Some *body*."), AUTHOR);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.as(ContentApi.Article.class).slug()).isEqualTo("maps-power");
    assertThat(http.get("/articles/maps-power").status()).as("a draft is invisible").isEqualTo(404);

    var published = http.post("/articles/maps-power/publish", "", AUTHOR);
    assertThat(published.status()).isEqualTo(200);
    assertThat(published.as(ContentApi.Article.class).status()).isEqualTo("published");
    assertThat(http.post("/articles/maps-power/publish", "", AUTHOR).status()).as("idempotent").isEqualTo(200);

    var records = TopicProbe.read(kafka, Topics.CONTENT, 1, TestService.patience());
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("maps-power");
    var event = (ContentEvent.ArticlePublished) EventJson.read(records.get(0).value().getBytes(), ContentEvent.class).orElseThrow();
    assertThat(event.title()).isEqualTo("Maps & Power");
    assertThat(event.url()).isEqualTo("http://localhost:8080/articles/maps-power");
    assertThat(event.eventId()).isEqualTo("Article|maps-power:2");

    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/articles").as(ContentApi.ArticleList.class).items())
            .extracting(ContentApi.ArticleSummary::slug).containsExactly("maps-power"));
    assertThat(http.get("/articles/maps-power").as(ContentApi.Article.class).bodyHtml()).contains("<em>body</em>");
  }

  @Test
  void badRequestsGetProblemJsonAndWriteNothing() throws Exception {
    var noRole = http.post("/articles", new ContentApi.CreateArticle(null, "T", "", null, "b"), Identities.header("r", "reader"));
    assertThat(noRole.status()).isEqualTo(403);
    assertThat(http.post("/articles", new ContentApi.CreateArticle(null, "T", "", null, "b")).status()).isEqualTo(401);

    var malformed = http.postRaw("/articles", "application/json", "{\"title\": ", AUTHOR);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).isEqualTo("application/problem+json");
    assertThat(malformed.json().path("status").asInt()).isEqualTo(400);

    var emptyTitle = http.post("/articles", new ContentApi.CreateArticle("empty-title", " ", "", null, "b"), AUTHOR);
    assertThat(emptyTitle.status()).isEqualTo(422);
    assertThat(emptyTitle.json().path("detail").asText()).contains("title");

    var badSlug = http.post("/articles", new ContentApi.CreateArticle("Has Spaces", "T", "", null, "b"), AUTHOR);
    assertThat(badSlug.status()).isEqualTo(400);

    var huge = http.post("/articles", new ContentApi.CreateArticle("huge", "T", "", null, "x".repeat(2_000_000)), AUTHOR);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.contentType()).isEqualTo("application/problem+json");

    var unknown = http.post("/articles/no-such-article/publish", "", AUTHOR);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).isEqualTo("application/problem+json");
    assertThat(http.get("/nowhere").contentType()).isEqualTo("application/problem+json");

    try (var c = service.database().connect();
        ResultSet r = c.createStatement().executeQuery(
            "SELECT count(*) FROM event_journal WHERE persistence_id IN ('Article|empty-title', 'Article|huge', 'Article|no-such-article')")) {
      r.next();
      assertThat(r.getInt(1)).as("nothing half-written").isZero();
    }
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    var spec = OpenApiSpec.load("content-service.yaml");
    var routes = new org.maproom.content.http.ArticleRoutes(service.running().system(), null, java.time.Clock.systemUTC())
        .api(null).endpoints().stream().map(e -> e.method() + " " + e.path()).collect(java.util.stream.Collectors.toSet());
    assertThat(spec.operations()).isEqualTo(routes);
  }
}
