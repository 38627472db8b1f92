package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.OpenApiSpec;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

class NotifyServiceIntegrationTest {
  static EmbeddedKafka kafka;
  static TestService service;
  static JsonHttp http;
  static final Map<String, String> ADMIN = Identities.header("admin", "admin");

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
  void everySubscriberGetsExactlyOneTextPerArticleEvenWhenTheEventIsRedelivered() throws Exception {
    var first = http.post("/subscriptions", new NotifyApi.Subscribe("07911 123456", "GB", true, "/articles/x"));
    var again = http.post("/subscriptions", new NotifyApi.Subscribe("+44 7911 123456", null, true, "/"));
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.body()).as("a repeat sign-up reveals nothing").isEqualTo(first.body());
    assertThat(first.as(NotifyApi.Subscribed.class).lastDigits()).isEqualTo("56");
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("(202) 555-0143", "US", true, "/")).status()).isEqualTo(202);
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/subscriptions/stats", ADMIN).as(NotifyApi.Stats.class).activeSubscribers()).isEqualTo(2));

    String published = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
        .replace("2026-11-24T09:00:00Z", java.time.Instant.now().toString()); // published after these sign-ups
    TopicProbe.send(kafka, Topics.CONTENT, "the-map-is-not-the-territory", published);
    TopicProbe.send(kafka, Topics.CONTENT, "the-map-is-not-the-territory", published);
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(articleTexts()).hasSize(2));
    Thread.sleep(1000); // the redelivered copy has had time to be handled
    var texts = articleTexts();
    assertThat(texts).hasSize(2);
    assertThat(texts).extracting(NotifyApi.OutboxMessage::toLastDigits).containsExactlyInAnyOrder("56", "43");
    assertThat(texts.get(0).body()).contains("The map is not the territory")
        .contains("http://localhost:8080/articles/the-map-is-not-the-territory").contains("STOP");

    try (var c = service.database().connect()) {
      for (String table : new String[] {"subscribers", "sms_outbox", "event_journal"}) {
        try (ResultSet r = c.createStatement().executeQuery("SELECT * FROM " + table)) {
          while (r.next()) {
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
              assertThat(String.valueOf(r.getObject(i) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r.getObject(i)))
                  .as("no plain number at rest in " + table).doesNotContain("7911123456").doesNotContain("2025550143");
            }
          }
        }
      }
    }
  }

  private static java.util.List<NotifyApi.OutboxMessage> articleTexts() {
    return http.get("/outbox", ADMIN).as(NotifyApi.Outbox.class).items().stream()
        .filter(m -> m.articleId().equals("the-map-is-not-the-territory")).toList();
  }

  @Test
  void badSignUpsAreRefusedWithAReasonAndStoreNothing() {
    var noConsent = http.post("/subscriptions", new NotifyApi.Subscribe("07911 123457", "GB", false, "/"));
    assertThat(noConsent.status()).isEqualTo(422);
    assertThat(noConsent.contentType()).isEqualTo("application/problem+json");
    var landline = http.post("/subscriptions", new NotifyApi.Subscribe("020 7946 0018", "GB", true, "/"));
    assertThat(landline.status()).isEqualTo(422);
    assertThat(landline.json().path("detail").asText()).contains("mobile").doesNotContain("7946");
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("x".repeat(10_000), "GB", true, "/")).status()).isEqualTo(422);
    assertThat(http.postRaw("/subscriptions", "application/json", "{\"phone\":", Map.of()).status()).isEqualTo(400);
    assertThat(http.get("/outbox").status()).isEqualTo(401);
    assertThat(http.get("/outbox", Identities.header("r", "reader")).status()).isEqualTo(403);
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    var system = service.running().system();
    var api = new org.maproom.notify.http.SubscriptionRoutes(system, null, null, null, null, null, null, "", null)
        .api(new org.maproom.platform.http.Api(null));
    var routes = new org.maproom.notify.http.SmsRoutes(system, null, null, null, null, null, java.util.List.of(), "", 0, null, null)
        .api(api).endpoints().stream()
        .map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("notify-service.yaml").operations()).isEqualTo(routes);
  }
}
