package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.Identities;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/** The dev launcher's embedded H2 (PostgreSQL mode): sign-up, confirmation, an article's campaign, the link. */
class NotifyOnH2Test {
  @Test
  void theWholeSmsPathRunsOnTheDevLaunchersEmbeddedDatabase() throws Exception {
    var dir = Files.createTempDirectory("notify-h2");
    String url = "jdbc:h2:file:" + dir.resolve("notify") + ";MODE=PostgreSQL;DATABASE_TO_UPPER=FALSE;WRITE_DELAY=0";
    try (TestService service = TestService.startWithBroker(Main.NAME, Main::init,
        Map.of("maproom.db.url", url, "maproom.db.user", "sa", "maproom.db.password", ""))) {
      var http = service.http();
      var admin = Identities.header("ops", "admin");
      assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123901", "GB", true, "/")).status()).isEqualTo(202);
      await().atMost(TestService.patience()).until(() -> http.get("/outbox", admin).as(NotifyApi.Outbox.class).items().size() == 1);
      String event = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
          .replace("2026-11-24T09:00:00Z", Instant.now().toString());
      TopicProbe.send(service.kafka(), Topics.CONTENT, "the-map-is-not-the-territory", event);
      await().atMost(TestService.patience()).ignoreExceptions().until(() -> "completed".equals(
          http.get("/admin/campaigns/the-map-is-not-the-territory", admin).as(NotifyApi.CampaignProgress.class).status()));
      var progress = http.get("/admin/campaigns/the-map-is-not-the-territory", admin).as(NotifyApi.CampaignProgress.class);
      assertThat(progress.sent()).isEqualTo(1);
      assertThat(progress.delivered()).isEqualTo(1);
      var texts = http.get("/outbox", admin).as(NotifyApi.Outbox.class).items();
      assertThat(texts).hasSize(2);
      String body = texts.stream().filter(m -> !m.articleId().equals("welcome")).findFirst().orElseThrow().body();
      String token = body.substring(body.indexOf("/u/") + 3).split("\\s")[0];
      assertThat(http.post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(token)).status()).isEqualTo(202);
      assertThat(http.post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(token)).status()).isEqualTo(410);
      assertThat(http.get("/admin/sms/program", admin).as(NotifyApi.Program.class).live()).isTrue();
      await().atMost(TestService.patience()).until(() -> http.get("/subscriptions/stats", admin).as(NotifyApi.Stats.class).activeSubscribers() == 0);
    }
  }
}
