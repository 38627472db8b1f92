package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/** Consent records, leaving the list by the API, the suppression list before every send, and erasure. */
class SubscriptionLifecycleTest {
  static TestService service;
  static JsonHttp http;
  static final Map<String, String> ADMIN = Identities.header("admin", "admin");

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.of());
    http = service.http();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  private static NotifyApi.SubscriberRecord lookup(String phone) {
    var r = http.post("/admin/subscriptions/lookup", new NotifyApi.Number(phone, "GB"), ADMIN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.as(NotifyApi.SubscriberRecord.class);
  }

  /** Publishes an article of this id (the sample, renamed, published now) and waits until its texts are out. */
  private static List<NotifyApi.OutboxMessage> publish(String articleId, int texts) {
    TopicProbe.send(service.kafka(), Topics.CONTENT, articleId, article(articleId, java.time.Instant.now()));
    await().atMost(TestService.patience()).until(() -> textsFor(articleId).size() >= texts);
    return textsFor(articleId);
  }

  /** The sample ArticlePublished, for this article, published at that time. */
  private static String article(String articleId, java.time.Instant publishedAt) {
    return new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
        .replace("the-map-is-not-the-territory", articleId).replace("2026-11-24T09:00:00Z", publishedAt.toString());
  }

  private static List<NotifyApi.OutboxMessage> textsFor(String articleId) {
    return http.get("/outbox", ADMIN).as(NotifyApi.Outbox.class).items().stream().filter(m -> m.articleId().equals(articleId)).toList();
  }

  @Test
  void aSignUpIsAConsentRecordAndLeavingByTheApiStopsTextsUntilTheNumberSignsUpAgain() throws Exception {
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123101", "GB", true, "/articles/one", "203.0.113.7",
        "Firefox/128")).status()).isEqualTo(202);
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123102", "GB", true, "/", null, null)).status()).isEqualTo(202);
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("+44 7911 123101", null, true, "/about", null, "Safari/17")).status())
        .isEqualTo(202);
    var record = lookup("07911123101");
    assertThat(record.lastDigits()).isEqualTo("01");
    assertThat(record.consents()).as("the same day's second sign-up adds no record").extracting(NotifyApi.ConsentRecord::page,
        NotifyApi.ConsentRecord::userAgent).containsExactly(org.assertj.core.groups.Tuple.tuple("/articles/one", "Firefox/128"));
    assertThat(record.consents().get(0).disclosureVersion()).hasSize(64);
    assertThat(http.post("/admin/subscriptions/lookup", new NotifyApi.Number("07911123101", "GB"), Identities.header("r", "reader")).status())
        .isEqualTo(403);

    var left = http.post("/subscriptions/unsubscribe", new NotifyApi.Number("07911 123101", "GB"));
    var never = http.post("/subscriptions/unsubscribe", new NotifyApi.Number("07911 123199", "GB"));
    assertThat(left.status()).isEqualTo(never.status()).isEqualTo(202);
    assertThat(left.body()).as("says nothing about whether it was on the list").isEqualTo(never.body());
    assertThat(lookup("07911123101").active()).isFalse();
    await().atMost(TestService.patience()).until(() -> suppression("+447911123101") != null);
    assertThat(suppression("+447911123101")).isEqualTo("api");

    publish("after-leaving", 1);
    Thread.sleep(1000); // time enough for a text that should not be
    assertThat(textsFor("after-leaving")).extracting(NotifyApi.OutboxMessage::toLastDigits).containsExactly("02");

    http.post("/subscriptions", new NotifyApi.Subscribe("07911 123101", "GB", true, "/again"));
    await().atMost(TestService.patience()).until(() -> suppression("+447911123101") == null);
    assertThat(publish("after-coming-back", 2)).extracting(NotifyApi.OutboxMessage::toLastDigits).containsExactlyInAnyOrder("01", "02");
  }

  @Test
  void aSignUpAppliedLateLiftsOnlyTheSuppressionsBeforeIt() throws Exception {
    // Leaving by the API suppresses at once; the projection may apply the sign-up before it only afterwards.
    java.time.Instant signedUp = java.time.Instant.parse("2026-12-01T10:00:00Z");
    try (var c = service.database().connect()) {
      c.setAutoCommit(false);
      try {
        for (var row : List.of(java.util.Map.entry("left-after", signedUp.plusSeconds(1)), java.util.Map.entry("left-before", signedUp.minusSeconds(1)))) {
          try (var insert = c.prepareStatement("INSERT INTO suppressions (subscriber_id, reason, since) VALUES (?, 'api', ?)")) {
            insert.setString(1, row.getKey());
            insert.setTimestamp(2, java.sql.Timestamp.from(row.getValue()));
            insert.executeUpdate();
          }
          org.maproom.notify.projection.SubscriberReadModel.apply(c, new org.maproom.notify.domain.Subscriber.Subscribed(row.getKey(),
                  "encrypted", "00", "v1", "/", signedUp, null, null, null),
              new org.maproom.platform.projection.EventMeta("Subscriber|" + row.getKey(), 1, signedUp));
        }
        try (var q = c.prepareStatement("SELECT subscriber_id FROM suppressions WHERE subscriber_id LIKE 'left-%'"); var r = q.executeQuery()) {
          List<String> kept = new java.util.ArrayList<>();
          while (r.next()) kept.add(r.getString(1));
          assertThat(kept).containsExactly("left-after");
        }
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void aNumberThatSignsUpAfterAPieceWentLiveIsNotTextedAboutIt() {
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123377", "GB", true, "/")).status()).isEqualTo(202);
    await().atMost(TestService.patience()).until(() -> rows("SELECT count(*) FROM subscribers WHERE subscriber_id = ?", id("+447911123377")) == 1);
    String hourAgo = article("published-an-hour-ago", java.time.Instant.now().minusSeconds(3600));
    String now = article("published-now", java.time.Instant.now());
    // Same key, so the same partition: once the second has been fanned out, the first has been handled.
    TopicProbe.send(service.kafka(), Topics.CONTENT, "published-an-hour-ago", hourAgo);
    TopicProbe.send(service.kafka(), Topics.CONTENT, "published-an-hour-ago", now);
    await().atMost(TestService.patience()).until(() -> textsFor("published-now").stream().anyMatch(m -> m.toLastDigits().equals("77")));
    assertThat(textsFor("published-an-hour-ago")).isEmpty();
    http.post("/subscriptions/unsubscribe", new NotifyApi.Number("07911 123377", "GB")); // out of the other tests' way
  }

  /** The number's keyed hash, as the service computes it. */
  private static String id(String e164) {
    return org.maproom.platform.PiiCipher.fromConfig(service.running().system().settings().config()).lookupHash(e164);
  }

  /** Why the number is on the suppression list, or null. */
  private static String suppression(String e164) throws java.sql.SQLException {
    try (var c = service.database().connect(); var s = c.prepareStatement("SELECT reason FROM suppressions WHERE subscriber_id = ?")) {
      s.setString(1, id(e164));
      try (var r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Test
  void erasureOnRequestOrWithTheAccountLeavesOnlyAKeyedHashMarker() throws Exception {
    var signedIn = Identities.named("account-to-erase", "Erin", "reader");
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123201", "GB", true, "/", "198.51.100.9", "Firefox"), signedIn)
        .status()).isEqualTo(202);
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123202", "GB", true, "/", "198.51.100.10", "Firefox")).status())
        .isEqualTo(202);

    var erased = http.post("/admin/subscriptions/erase", new NotifyApi.Number("07911 123202", "GB"), ADMIN);
    assertThat(erased.status()).isEqualTo(202);
    assertThat(http.post("/admin/subscriptions/erase", new NotifyApi.Number("07911 123202", "GB"), Identities.header("r", "reader")).status())
        .isEqualTo(403);

    // The account-erasure event from moderation-service (the sample, for this account).
    String sample = new String(Samples.bytes("AccountErased"), StandardCharsets.UTF_8);
    var event = (ModerationEvent.AccountErased) EventJson.read(sample.getBytes(StandardCharsets.UTF_8), ModerationEvent.class).orElseThrow();
    String forThisAccount = sample.replace(event.accountId(), "account-to-erase");
    await().atMost(TestService.patience()).until(() -> rows("SELECT count(*) FROM subscribers WHERE account_id = ?", "account-to-erase") == 1);
    TopicProbe.send(service.kafka(), Topics.MODERATION, "account-to-erase", forThisAccount);

    await().atMost(TestService.patience()).untilAsserted(() -> {
      assertThat(http.post("/admin/subscriptions/lookup", new NotifyApi.Number("07911123201", "GB"), ADMIN).status()).isEqualTo(404);
      assertThat(http.post("/admin/subscriptions/lookup", new NotifyApi.Number("07911123202", "GB"), ADMIN).status()).isEqualTo(404);
      for (String e164 : new String[] {"+447911123201", "+447911123202"}) {
        assertThat(suppression(e164)).isEqualTo("erased");
        assertThat(rows("SELECT count(*) FROM event_journal WHERE persistence_id = ?", "Subscriber|" + id(e164))).as("the Erased event alone")
            .isEqualTo(1);
        assertThat(rows("SELECT count(*) FROM subscribers WHERE subscriber_id = ?", id(e164))).isZero();
      }
      assertThat(rows("SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Subscriber|%' AND "
          + "position('k1:' in convert_from(event_payload, 'UTF8')) > 0 AND persistence_id = ?", "Subscriber|" + id("+447911123201")))
          .as("no encrypted number or address left").isZero();
    });
  }

  private static long rows(String sql, String arg) throws java.sql.SQLException {
    try (var c = service.database().connect(); var s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
