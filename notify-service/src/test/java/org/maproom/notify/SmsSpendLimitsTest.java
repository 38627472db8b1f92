package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.notify.domain.Segments;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * A bot signing up numbers, and a list larger than the budget: the daily confirmation cap and the monthly budget
 * stop the texts (nothing is dropped: they wait), and the program says why.
 */
class SmsSpendLimitsTest {
  static final double PRICE = 0.05; // per segment, for GB numbers
  static final double BUDGET = 0.12;
  static final Map<String, String> ADMIN = Identities.header("ops", "admin");
  static TestService service;
  static JsonHttp http;

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.of(
        "notify.sms.live-initially", "true", "notify.sms.window.start", "00:00", "notify.sms.window.end", "00:00",
        "notify.sms.daily-confirmation-cap", 2, "notify.sms.monthly-budget", BUDGET, "notify.sms.price-per-segment.GB", PRICE));
    http = service.http();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static List<NotifyApi.OutboxMessage> outbox() {
    return http.get("/outbox", ADMIN).as(NotifyApi.Outbox.class).items();
  }

  static NotifyApi.Spend spend() {
    return http.get("/admin/sms/program", ADMIN).as(NotifyApi.Program.class).spend();
  }

  @Test
  void theDailyCapAndTheMonthlyBudgetStopTheTextsAndNothingIsDropped() throws Exception {
    for (int i = 1; i <= 6; i++) assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 12390" + i, "GB", true, "/")).status())
        .isEqualTo(202);
    await().atMost(TestService.patience()).until(() -> outbox().size() == 2);
    await().pollDelay(Duration.ofSeconds(3)).atMost(TestService.patience()).until(() -> true);
    assertThat(outbox()).as("two confirmations today, the cap; four wait for tomorrow").hasSize(2);
    var capped = spend();
    assertThat(capped.confirmationsToday()).isEqualTo(2);
    assertThat(capped.confirmationsWaiting()).isTrue();
    assertThat(http.get("/admin/sms/program", ADMIN).as(NotifyApi.Program.class).subscribers()).as("all six stay on the list").isEqualTo(6);

    // An article for the two confirmed numbers: texts stop once the month's spend reaches the budget.
    String published = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
        .replace("2026-11-24T09:00:00Z", Instant.now().toString());
    TopicProbe.send(service.kafka(), Topics.CONTENT, "the-map-is-not-the-territory", published);
    await().atMost(TestService.patience()).until(() -> spend().budgetReached() || outbox().size() == 4);
    await().pollDelay(Duration.ofSeconds(3)).atMost(TestService.patience()).until(() -> true);
    var texts = outbox();
    double cost = texts.stream().mapToDouble(m -> Segments.of(m.body()).segments() * PRICE).sum();
    var spent = spend();
    assertThat(spent.spentThisMonth()).isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-9));
    double last = Segments.of(texts.get(texts.size() - 1).body()).segments() * PRICE;
    assertThat(cost - last).as("every text but the last was claimed under the budget").isLessThan(BUDGET);
    assertThat(cost).as("two confirmations and an article text cost more than the budget").isGreaterThanOrEqualTo(BUDGET);
    assertThat(spent.budgetReached()).isTrue();
    assertThat(texts).as("the rest wait").hasSizeLessThan(4);
    assertThat(service.management().get("/metrics").body()).containsPattern("maproom_sms_budget_reached\\{[^}]*\\} 1.0");
  }
}
