package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.engagement.http.EngagementRoutes;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.OpenApiSpec;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/** engagement-service fed the contracts' sample events through the real broker: one contract test per consumer. */
class EngagementServiceIntegrationTest {
  static EmbeddedKafka kafka;
  static TestService service;
  static JsonHttp http;
  static final String ARTICLE = "the-map-is-not-the-territory";

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, java.util.Map.of());
    kafka = service.kafka();
    http = service.http();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  private static String sample(String name) {
    return new String(Samples.bytes(name), StandardCharsets.UTF_8);
  }

  @Test
  void publishedArticlesAreCountedAndRedeliveredCommentsCountOnce() throws Exception {
    assertThat(http.post("/articles/" + ARTICLE + "/views", new EngagementApi.RecordView("reader-0123456789abcdef")).status())
        .as("not published yet").isEqualTo(404);

    TopicProbe.send(kafka, Topics.CONTENT, ARTICLE, "{\"type\": \"ArticlePublished\", \"eventId\": ");
    TopicProbe.send(kafka, Topics.CONTENT, ARTICLE, sample("ArticlePublished"));
    await().atMost(TestService.patience()).until(() -> http.get("/articles/" + ARTICLE + "/counters").status() == 200);

    var view = http.post("/articles/" + ARTICLE + "/views", new EngagementApi.RecordView("reader-0123456789abcdef"));
    assertThat(view.status()).isEqualTo(200);
    assertThat(view.as(EngagementApi.Counters.class).views()).isEqualTo(1);

    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, sample("CommentApproved"));
    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, sample("CommentApproved"));
    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, "{\"type\": \"CommentTeleported\", \"eventId\": \"x\"}");
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/articles/" + ARTICLE + "/counters").as(EngagementApi.Counters.class).comments()).isEqualTo(1));

    try (var c = service.database().connect();
        ResultSet r = c.createStatement().executeQuery("SELECT topic FROM dead_letters")) {
      assertThat(r.next()).as("the malformed record is dead-lettered").isTrue();
      assertThat(r.getString(1)).isEqualTo(Topics.CONTENT);
      assertThat(r.next()).as("the unknown type is skipped, not dead-lettered").isFalse();
    }

    String metrics = service.management().get("/metrics").body();
    assertThat(metrics)
        .contains("jvm_memory_used_bytes")
        .contains("maproom_cluster_members{service=\"engagement-service\",status=\"up\"} 1.0")
        .containsPattern("maproom_http_server_requests_seconds_count\\{method=\"POST\",route=\"/articles/\\{id\\}/views\",service=\"engagement-service\",status=\"200\"\\} [1-9]")
        .containsPattern("maproom_consumer_records_total\\{outcome=\"dead-lettered\",service=\"engagement-service\",topic=\"maproom.content.v1\"\\} 1.0")
        .containsPattern("maproom_consumer_records_total\\{outcome=\"skipped\",service=\"engagement-service\",topic=\"maproom.moderation.v1\"\\} 1.0")
        .doesNotContain(ARTICLE);
  }

  @Test
  void badRequestsGetProblemJson() {
    for (String body : new String[] {"{}", "{\"readerId\": \"short\"}", "[1,2]", "{\"readerId\": 7"}) {
      var r = http.postRaw("/articles/" + ARTICLE + "/views", "application/json", body, java.util.Map.of());
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.contentType()).isEqualTo("application/problem+json");
    }
    var wrongType = http.postRaw("/articles/" + ARTICLE + "/views", "text/plain", "hi", java.util.Map.of());
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(wrongType.contentType()).isEqualTo("application/problem+json");
    assertThat(http.get("/articles/unknown-article/counters").status()).isEqualTo(404);
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    var routes = new EngagementRoutes(service.running().system()).api(null).endpoints().stream()
        .map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("engagement-service.yaml").operations()).isEqualTo(routes);
  }
}
