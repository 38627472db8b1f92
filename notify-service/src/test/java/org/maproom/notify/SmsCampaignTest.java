package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.FakeSmsProvider;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.Ports;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * The SMS program end to end against two fake Twilio-compatible providers over real HTTP: the waitlist and going
 * live (a confirmation first), one text per subscriber per article, the one-click link, inbound STOP/START/HELP,
 * signed webhooks, 429s, opt-outs at the provider, timeouts looked up rather than resent, the fallback provider,
 * out-of-order and lost status callbacks, quiet hours, and pausing, resuming and cancelling a campaign.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmsCampaignTest {
  static FakeSmsProvider provider;
  static FakeSmsProvider fallback;
  static TestService service;
  static JsonHttp http;
  static String base;
  static final Map<String, String> ADMIN = Identities.header("ops", "admin");

  @BeforeAll
  static void start() {
    org.awaitility.Awaitility.ignoreExceptionsByDefault(); // a campaign answers 404 until its article is consumed
    provider = FakeSmsProvider.start("primary-auth-token");
    fallback = FakeSmsProvider.start("fallback-auth-token");
    int port = Ports.free();
    base = "http://127.0.0.1:" + port;
    Map<String, Object> config = new HashMap<>();
    config.put("maproom.http.port", port);
    config.put("notify.sms.provider", "twilio");
    config.putAll(provider.config("notify.sms.twilio", base + "/sms/status"));
    config.putAll(fallback.config("notify.sms.fallback", base + "/sms/status"));
    config.put("notify.sms.live-initially", "false");
    config.put("notify.sms.request-timeout", "1s");
    config.put("notify.unsubscribe-link-base", "https://example.org/u/");
    service = TestService.startWithBroker(Main.NAME, Main::init, config);
    http = service.http();
  }

  @AfterAll
  static void stop() {
    org.awaitility.Awaitility.reset();
    if (service != null) service.close();
    provider.close();
    fallback.close();
  }

  static void subscribe(String phone) {
    var r = http.post("/subscriptions", new NotifyApi.Subscribe(phone, "GB", true, "/"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  static void publish(String articleId) {
    publish(articleId, Instant.now(), articleId);
  }

  /** {@code key}: the Kafka key; events with the same key are read in order. */
  static void publish(String articleId, Instant publishedAt, String key) {
    String event = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
        .replace("the-map-is-not-the-territory", articleId).replace("2026-11-24T09:00:00Z", publishedAt.toString());
    TopicProbe.send(service.kafka(), Topics.CONTENT, key, event);
  }

  static NotifyApi.Program program() {
    return http.get("/admin/sms/program", ADMIN).as(NotifyApi.Program.class);
  }

  static JsonHttp.Response campaign(String articleId) {
    return http.get("/admin/campaigns/" + articleId, ADMIN);
  }

  static NotifyApi.CampaignProgress progress(String articleId) {
    var r = campaign(articleId);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.as(NotifyApi.CampaignProgress.class);
  }

  static List<FakeSmsProvider.Message> textsAbout(FakeSmsProvider p, String e164, String marker) {
    return p.messagesTo(e164).stream().filter(m -> m.body().contains(marker)).toList();
  }

  static final String TITLE = "The map is not the territory";
  static final Pattern LINK = Pattern.compile("https://example\\.org/u/(\\S+)");

  static String token(FakeSmsProvider.Message m) {
    Matcher matcher = LINK.matcher(m.body());
    assertThat(matcher.find()).as(m.body()).isTrue();
    return matcher.group(1);
  }

  @Test
  @Order(1)
  void numbersWaitUntilTheProgramGoesLiveThenEachGetsItsConfirmationBeforeAnyArticle() {
    subscribe("07911 123601");
    subscribe("07911 123602");
    await().atMost(TestService.patience()).until(() -> program().waiting() == 2);
    assertThat(program().live()).isFalse();
    publish("while-waiting");
    await().pollDelay(Duration.ofSeconds(2)).atMost(TestService.patience()).until(() -> true);
    assertThat(provider.messages()).as("nothing is sent on the waitlist").isEmpty();
    assertThat(campaign("while-waiting").status()).isEqualTo(404);

    assertThat(http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(true, null, null), Identities.header("r", "reader")).status())
        .isEqualTo(403);
    var live = http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(true, null, null), ADMIN);
    assertThat(live.status()).as(live.body()).isEqualTo(200);
    assertThat(live.as(NotifyApi.Program.class).live()).isTrue();
    await().atMost(TestService.patience()).until(() -> provider.messages().size() == 2);
    for (String to : List.of("+447911123601", "+447911123602")) {
      var welcome = provider.messagesTo(to);
      assertThat(welcome).hasSize(1);
      assertThat(welcome.get(0).body()).contains("The Map Room").contains("STOP").contains("HELP").matches("(?s).*https://example\\.org/u/\\S+.*");
    }
    await().atMost(TestService.patience()).until(() -> program().waiting() == 0);

    // Read only now, but published while the program was waiting: old news, texted to nobody.
    publish("published-before-going-live", Instant.now().minusSeconds(3600), "first-live-piece"); // read before the next
    publish("first-live-piece");
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("first-live-piece").status()));
    assertThat(campaign("published-before-going-live").status()).isEqualTo(404);
    var done = progress("first-live-piece");
    assertThat(done.total()).isEqualTo(2);
    assertThat(done.sent()).isEqualTo(2);
    assertThat(done.open()).isZero();
    await().atMost(TestService.patience()).until(() -> progress("first-live-piece").delivered() == 2);
    for (String to : List.of("+447911123601", "+447911123602")) {
      var texts = provider.messagesTo(to);
      assertThat(texts).hasSize(2);
      assertThat(texts.get(1).body()).as("the article comes after the confirmation").contains(TITLE);
    }
    publish("first-live-piece"); // redelivered: nobody texted twice
    await().pollDelay(Duration.ofSeconds(2)).atMost(TestService.patience()).until(() -> true);
    assertThat(provider.messages()).hasSize(4);
    assertThat(provider.callbackFailures()).isEmpty();
  }

  @Test
  @Order(2)
  void theLinkInATextUnsubscribesOnceAndForgedOrReplayedLinksChangeNothing() {
    subscribe("07911 123611");
    await().atMost(TestService.patience()).until(() -> provider.messagesTo("+447911123611").size() == 1);
    String token = token(provider.messagesTo("+447911123611").get(0));

    String forged = token.substring(0, token.indexOf('.') + 1) + "0".repeat(20);
    assertThat(http.post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(forged)).status()).isEqualTo(404);
    assertThat(http.post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink("x".repeat(10_000))).status()).isEqualTo(404);
    assertThat(lookup("07911123611").active()).isTrue();

    var first = http.post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(token));
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    var replay = http.post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(token));
    assertThat(replay.status()).isEqualTo(410);
    assertThat(replay.contentType()).isEqualTo("application/problem+json");
    assertThat(lookup("07911123611").active()).isFalse();

    publish("after-the-link");
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("after-the-link").status()));
    assertThat(textsAbout(provider, "+447911123611", TITLE)).isEmpty();
  }

  static NotifyApi.SubscriberRecord lookup(String phone) {
    return http.post("/admin/subscriptions/lookup", new NotifyApi.Number(phone, "GB"), ADMIN).as(NotifyApi.SubscriberRecord.class);
  }

  @Test
  @Order(3)
  void inboundStopStartAndHelpAreHonouredOnlyWhenSignedByTheProvider() {
    subscribe("07911 123621");
    await().atMost(TestService.patience()).until(() -> provider.messagesTo("+447911123621").size() == 1);
    String inbound = base + "/sms/inbound";

    var forged = provider.post(inbound, Map.of("From", "+447911123621", "Body", "STOP"), "bm90IGEgc2lnbmF0dXJl");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(provider.post(inbound, Map.of("From", "+447911123621", "Body", "STOP"), null).status()).isEqualTo(403);
    var otherToken = FakeSmsProvider.start("someone-elses-token");
    assertThat(otherToken.textIn(inbound, "+447911123621", "STOP").status()).isEqualTo(403);
    otherToken.close();
    assertThat(lookup("07911123621").active()).isTrue();

    for (String stop : List.of("  stop ", "Unsubscribe", "CANCEL", "end", "QUIT", "StopAll", "revoke", "OPTOUT\n")) {
      var reply = provider.textIn(inbound, "+447911123621", stop);
      assertThat(reply.status()).as(stop).isEqualTo(200);
      assertThat(reply.body()).contains("<Response>").contains("unsubscribed");
      assertThat(lookup("07911123621").active()).as(stop).isFalse();
      var back = provider.textIn(inbound, "+447911123621", "start");
      assertThat(back.body()).contains("back on the list");
      assertThat(lookup("07911123621").active()).as("START after " + stop).isTrue();
    }
    assertThat(provider.textIn(inbound, "+447911123621", "help").body()).contains("Reply STOP to opt out");
    assertThat(provider.textIn(inbound, "+447911123621", "Thanks!").body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");
    assertThat(lookup("07911123621").consents()).extracting(NotifyApi.ConsentRecord::page).contains("sms:START");
    assertThat(provider.messagesTo("+447911123621")).as("START is confirmed by its reply, not another text").hasSize(1);

    provider.textIn(inbound, "+447911123621", "STOP");
    publish("after-stop");
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("after-stop").status()));
    assertThat(textsAbout(provider, "+447911123621", TITLE)).isEmpty();
    var oversized = provider.postSigned(inbound, Map.of("From", "+447911123621", "Body", "x".repeat(20_000)));
    assertThat(oversized.status()).isEqualTo(413);
  }

  @Test
  @Order(4)
  void throttlingOptOutsAtTheProviderTimeoutsAndRefusalsNeverDuplicateATextOrLoseOne() {
    for (int i = 31; i <= 36; i++) subscribe("07911 1236" + i);
    // Every one confirmed (so listed as a recipient of the next piece), not merely none waiting in the read model yet.
    await().atMost(TestService.patience()).until(() ->
        java.util.stream.IntStream.rangeClosed(31, 36).allMatch(i -> provider.messagesTo("+4479111236" + i).size() == 1));

    provider.optOut("+447911123631");
    provider.throttleNext(3);
    provider.hangNext(2, Duration.ofMillis(2500), true); // taken, but the answer comes too late: looked up, found
    publish("under-faults");
    await().atMost(Duration.ofSeconds(45)).until(() -> "completed".equals(progress("under-faults").status()));
    var p = progress("under-faults");
    assertThat(p.ambiguous()).isZero();
    assertThat(textsAbout(provider, "+447911123631", TITLE)).isEmpty();
    assertThat(lookup("07911123631").active()).as("opted out at the provider: off our list too").isFalse();
    for (int i = 32; i <= 36; i++) {
      assertThat(textsAbout(provider, "+4479111236" + i, TITLE)).as("one text for +4479111236" + i).hasSize(1);
    }

    provider.hangNext(2, Duration.ofMillis(2500), false); // never taken: the look-up finds nothing, so it is sent once
    publish("dropped-connections");
    await().atMost(Duration.ofSeconds(45)).until(() -> "completed".equals(progress("dropped-connections").status()));
    for (int i = 32; i <= 36; i++) {
      assertThat(provider.messagesTo("+4479111236" + i).stream().filter(m -> m.body().contains("/u/")).count())
          .as("+4479111236" + i).isEqualTo(3); // welcome, under-faults, dropped-connections
    }

    provider.refuseAllWith(21408); // the first provider refuses outright: the fallback sends
    publish("via-fallback");
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("via-fallback").status()));
    provider.refuseAllWith(0);
    for (int i = 32; i <= 36; i++) assertThat(fallback.messagesTo("+4479111236" + i)).hasSize(1);
    var viaFallback = progress("via-fallback");
    assertThat(viaFallback.sent()).isEqualTo(viaFallback.total() - viaFallback.skipped()).isGreaterThanOrEqualTo(5);
    assertThat(viaFallback.failed()).isZero();
  }

  @Test
  @Order(5)
  void statusCallbacksApplyInAnyOrderForgedOnesAreRefusedAndLostOnesAreReconciled() {
    provider.callbacks("delivered", "sent", "queued");
    publish("out-of-order");
    await().atMost(TestService.patience()).untilAsserted(() -> {
      var p = progress("out-of-order");
      assertThat(p.status()).isEqualTo("completed");
      assertThat(p.delivered()).isEqualTo(p.sent()).isPositive();
    });
    var sid = provider.messages().get(provider.messages().size() - 1).sid();
    var forged = provider.post(base + "/sms/status", Map.of("MessageSid", sid, "MessageStatus", "failed"), "Zm9yZ2Vk");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(progress("out-of-order").failed()).isZero();

    provider.callbacks(); // no callbacks at all: the periodic reconciliation asks
    publish("callbacks-lost");
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("callbacks-lost").status()));
    var lost = progress("callbacks-lost");
    assertThat(lost.delivered()).isZero();
    provider.messages().stream().filter(m -> m.body().contains(TITLE) && m.status().equals("queued"))
        .forEach(m -> provider.setStatus(m.sid(), "undelivered"));
    await().atMost(TestService.patience()).until(() -> progress("callbacks-lost").failed() == lost.sent());
    provider.callbacks("sent", "delivered");
  }

  /** Every recipient listed and every one of them deferred. */
  static boolean waitingForMorning(String articleId) {
    var p = progress(articleId);
    return p.total() > 0 && p.deferred() == p.total() - p.skipped();
  }

  @Test
  @Order(6)
  void quietHoursDeferTextsAndCampaignsCanBePausedResumedAndCancelled() {
    // A window that is closed now in London: every text waits for it.
    var london = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/London")).toLocalTime();
    var opens = london.plusHours(2).withMinute(0);
    var closes = opens.plusHours(1);
    if (closes.isBefore(opens)) { opens = java.time.LocalTime.of(1, 0); closes = java.time.LocalTime.of(2, 0); }
    if (!london.isBefore(opens) && london.isBefore(closes)) { opens = london.plusHours(1); closes = opens.plusMinutes(5); }
    assertThat(http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(null, "21:00", "08:00"), ADMIN).status()).isEqualTo(422);
    assertThat(http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(null, opens.toString(), closes.toString()), ADMIN).status())
        .isEqualTo(200);

    int before = provider.messages().size();
    publish("at-night");
    publish("to-cancel");
    await().atMost(TestService.patience()).until(() -> waitingForMorning("at-night") && waitingForMorning("to-cancel"));
    int recipients = (int) progress("at-night").deferred();
    assertThat(recipients).isGreaterThanOrEqualTo(5);
    assertThat(progress("at-night").etaSeconds()).as("nothing moves until morning").isNull();

    assertThat(http.post("/admin/campaigns/at-night/pause", "", ADMIN).as(NotifyApi.CampaignProgress.class).status()).isEqualTo("paused");
    var cancelled = http.post("/admin/campaigns/to-cancel/cancel", "", ADMIN);
    assertThat(cancelled.status()).isEqualTo(200);
    await().atMost(TestService.patience()).until(() -> progress("to-cancel").cancelled() == recipients);
    assertThat(http.post("/admin/campaigns/to-cancel/resume", "", ADMIN).status()).isEqualTo(409);
    assertThat(http.post("/admin/campaigns/no-such-article/pause", "", ADMIN).status()).isEqualTo(404);
    assertThat(campaign("no-such-article").status()).isEqualTo(404);

    // Morning comes (the window opens), but the paused campaign stays paused until resumed.
    await().atMost(TestService.patience()).until(() -> "paused".equals(progress("at-night").status()));
    assertThat(http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(null, "00:00", "00:00"), ADMIN).status()).isEqualTo(200);
    await().pollDelay(Duration.ofSeconds(2)).atMost(TestService.patience()).until(() -> true);
    assertThat(provider.messages()).hasSize(before);
    assertThat(http.post("/admin/campaigns/at-night/resume", "", ADMIN).status()).isEqualTo(200);
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("at-night").status()));
    assertThat(progress("at-night").sent()).isEqualTo(recipients);
    assertThat(provider.messages()).hasSize(before + recipients);
    assertThat(http.get("/admin/campaigns", ADMIN).as(NotifyApi.Campaigns.class).items()).extracting(NotifyApi.CampaignProgress::articleId)
        .contains("at-night", "to-cancel", "first-live-piece");
  }

  @Test
  @Order(7)
  void badInputEverywhereGetsAClear4xxAndChangesNothing() {
    var before = program();
    int texts = provider.messages().size();
    // The same number in every odd way a reader types it: one subscriber, one confirmation.
    for (String odd : List.of("07911 123777", "+44 (0)7911-123-777", "0044 7911 123777", "+44.7911.123.777", "07911-123777",
        "\u0660\u0667\u0669\u0661\u0661\u0661\u0662\u0663\u0667\u0667\u0667")) {
      var r = http.post("/subscriptions", new NotifyApi.Subscribe(odd, "GB", true, "/"));
      assertThat(r.status()).as(odd).isEqualTo(202);
      assertThat(r.body()).as(odd).doesNotContain("123777").contains("\"77\"");
    }
    await().atMost(TestService.patience()).until(() -> provider.messagesTo("+447911123777").size() == 1);
    assertThat(lookup("07911123777").consents()).as("one consent record a day, however often it is signed up").hasSize(1);

    for (String bad : List.of("", "call me", "+44 7911", "0".repeat(10_240), "🗺️📱", "+999 123 456 789")) {
      var r = http.post("/subscriptions", new NotifyApi.Subscribe(bad, "GB", true, "/"));
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.contentType()).isEqualTo("application/problem+json");
      assertThat(r.json().path("detail").asText()).as(bad).isNotBlank();
    }
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123778", "Great Britain", true, "/")).status()).isEqualTo(422);
    assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123778", "GB", null, "/")).status()).isEqualTo(422);
    assertThat(http.postRaw("/subscriptions", "application/json", "{\"phone\": \"07911 123778\", \"consent\": true, \"page\": \""
        + "x".repeat(70_000) + "\"}", Map.of()).status()).isEqualTo(413);
    assertThat(http.postRaw("/subscriptions", "application/json", "[1, 2", Map.of()).status()).isEqualTo(400);
    assertThat(http.postRaw("/subscriptions/unsubscribe-link", "application/json", "{}", Map.of()).status()).isEqualTo(404);

    assertThat(http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(null, "25:00", "26:00"), ADMIN).status()).isEqualTo(422);
    assertThat(http.postRaw("/admin/campaigns/under-faults/pause", "application/json", "", Identities.header("r", "reader")).status())
        .isEqualTo(403);
    assertThat(http.get("/admin/campaigns/under-faults").status()).isEqualTo(401);
    var unsignedStatus = provider.postSigned(base + "/sms/status", Map.of("MessageStatus", "delivered"));
    assertThat(unsignedStatus.status()).as("signed, but no MessageSid").isEqualTo(400);
    var badCode = provider.postSigned(base + "/sms/status", Map.of("MessageSid", "SMx", "MessageStatus", "failed", "ErrorCode", "x"));
    assertThat(badCode.status()).isEqualTo(400);

    var after = program();
    assertThat(after.subscribers()).isEqualTo(before.subscribers() + 1);
    assertThat(after.windowStart()).isEqualTo(before.windowStart());
    assertThat(provider.messages()).hasSize(texts + 1);
  }

  @Test
  @Order(8)
  void aFailingAccountHoldsEverySendAndUnsubscribesNobodyUntilItWorksAgain() {
    provider.revokeToken(true); // a rotated token, or one mistyped in both accounts' configuration
    fallback.revokeToken(true);
    subscribe("07911 123801"); // its confirmation meets the 401 first
    await().atMost(TestService.patience()).until(() -> program().providerFailing() != null);
    assertThat(program().providerFailing().reason()).contains("401").contains("20003");
    assertThat(program().live()).as("held, not switched off").isTrue();
    publish("while-held");
    await().atMost(TestService.patience()).until(() -> progress("while-held").total() > 0);
    await().pollDelay(Duration.ofSeconds(2)).atMost(TestService.patience()).until(() -> true);
    var held = progress("while-held");
    assertThat(held.sent()).isZero();
    assertThat(held.failed()).as("a configuration error fails nobody's text").isZero();
    assertThat(held.open()).isEqualTo(held.total() - held.skipped()).isGreaterThanOrEqualTo(5);
    assertThat(lookup("07911123801").active()).as("nor unsubscribes anybody").isTrue();
    assertThat(provider.messagesTo("+447911123801")).isEmpty();
    assertThat(service.management().get("/metrics").body())
        .containsPattern("maproom_sms_sends_total\\{[^}]*outcome=\"account_failing\",provider=\"twilio\"")
        .containsPattern("maproom_sms_sending_held\\{[^}]*} 1.0");

    // Resumed before the account is fixed: the next answer holds sending again.
    var early = http.post("/admin/sms/program/resume", "", ADMIN);
    assertThat(early.status()).as(early.body()).isEqualTo(200);
    assertThat(early.as(NotifyApi.Program.class).providerFailing()).isNull();
    await().atMost(TestService.patience()).until(() -> program().providerFailing() != null);
    assertThat(http.post("/admin/sms/program/resume", "", Identities.header("r", "reader")).status()).isEqualTo(403);

    // Fixed: the housekeeping probe finds the account working, and every held text goes, once.
    provider.revokeToken(false);
    fallback.revokeToken(false);
    await().atMost(TestService.patience()).until(() -> program().providerFailing() == null);
    await().atMost(TestService.patience()).until(() -> "completed".equals(progress("while-held").status()));
    var done = progress("while-held");
    assertThat(done.sent()).isEqualTo(done.total() - done.skipped());
    await().atMost(TestService.patience()).until(() -> provider.messagesTo("+447911123801").size() == 2);
    assertThat(provider.messagesTo("+447911123801").get(1).body()).contains(TITLE);
  }

  @Test
  @Order(9)
  void aStopLogsOneLineAndNoWarningWhileTextsAreBeingSent() throws Exception {
    for (int i = 41; i <= 45; i++) subscribe("07911 1236" + i); // confirmations on their way as it stops
    var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    try {
      service.running().stop().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
      service.running().system().getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList()).as("warnings while stopping").isEmpty();
    assertThat(logs.list.stream().filter(e -> e.getLoggerName().startsWith("org.maproom")).map(e -> e.getFormattedMessage()).toList())
        .containsExactly("notify-service stopping (UnknownReason)");
  }
}
