package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.EngagementEvent;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.engagement.http.EngagementRoutes;
import org.maproom.platform.identity.IdentityToken;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.Identities;
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
    // The per-address share limit refills one token a second at its real rate (60 a minute): on a slow machine the
    // 60 shares below take longer than that and the 61st would pass. Over an hour, the same limit holds still.
    service = TestService.startWithBroker(Main.NAME, Main::init, java.util.Map.of("engagement.rate-limits.share-per-ip.per", "1h"));
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

  @SuppressWarnings("unchecked")
  private static <T extends EngagementEvent> T decode(String json) {
    try {
      return (T) EventJson.read(json.getBytes(StandardCharsets.UTF_8), EngagementEvent.class).orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final String READER = "reader-0123456789abcdef";

  private static EngagementApi.RecordView view(String reader, String referrer, String source) {
    return new EngagementApi.RecordView(reader, JsonHttp.BROWSER, referrer, source, address(reader));
  }

  /** Each reader on an address of their own, as honest readers mostly are (one address's hits are budgeted). */
  static String address(String reader) {
    int h = reader.hashCode();
    return "10." + (h >>> 16 & 255) + "." + (h >>> 8 & 255) + "." + (h & 255);
  }

  /** A page's beacon: it carries the page token the gateway issued when it rendered the article for this reader. */
  private static JsonHttp.Response beacon(String path, String reader, Object body) {
    return http.post(path, body, Identities.page(path.split("/")[2], reader));
  }

  private static EngagementApi.Counters counters(String article) {
    return http.get("/articles/" + article + "/counters").as(EngagementApi.Counters.class);
  }

  /** The sample ArticlePublished, for another article. */
  private static String publish(String article) {
    TopicProbe.send(kafka, Topics.CONTENT, article, sample("ArticlePublished").replace(ARTICLE, article));
    await().atMost(TestService.patience()).until(() -> http.get("/articles/" + article + "/counters").status() == 200);
    return article;
  }

  @Test
  void publishedArticlesAreCountedAndRedeliveredCommentsCountOnce() throws Exception {
    assertThat(http.post("/articles/" + ARTICLE + "/views", view(READER, null, null)).status())
        .as("not published yet").isEqualTo(404);

    TopicProbe.send(kafka, Topics.CONTENT, ARTICLE, "{\"type\": \"ArticlePublished\", \"eventId\": ");
    TopicProbe.send(kafka, Topics.CONTENT, ARTICLE, sample("ArticlePublished"));
    await().atMost(TestService.patience()).until(() -> http.get("/articles/" + ARTICLE + "/counters").status() == 200);

    var view = http.post("/articles/" + ARTICLE + "/views", view(READER, null, null));
    assertThat(view.status()).isEqualTo(200);
    assertThat(view.as(EngagementApi.Counters.class).views()).isEqualTo(1);
    assertThat(view.as(EngagementApi.Counters.class).reach()).isEqualTo(1);

    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, sample("CommentApproved"));
    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, sample("CommentApproved"));
    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, "{\"type\": \"CommentTeleported\", \"eventId\": \"x\"}");
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(counters(ARTICLE).comments()).isEqualTo(1));
    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, sample("CommentRemoved"));
    TopicProbe.send(kafka, Topics.MODERATION, ARTICLE, sample("CommentRemoved"));
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(counters(ARTICLE).comments()).isZero());

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
  void visitsSharesAndHeartbeatsAreCountedByTheirDefinitionsAndBotsAreNot() {
    String article = publish("inbound-and-shares");
    String path = "/articles/" + article;
    http.post(path + "/views", view("reader-aaaaaaaaaaaaaaaa", "https://news.ycombinator.com/item?id=1", null));
    http.post(path + "/views", view("reader-bbbbbbbbbbbbbbbb", "https://www.news.ycombinator.com/", null));
    http.post(path + "/views", view("reader-cccccccccccccccc", "https://mastodon.social/@someone", "Newsletter"));
    http.post(path + "/views", view("reader-dddddddddddddddd", "http://localhost:8080/", null));
    http.post(path + "/views", view("reader-eeeeeeeeeeeeeeee", "https://seo.semalt.com/x", null));
    http.post(path + "/views", view("reader-aaaaaaaaaaaaaaaa", "not a url at all", null));
    beacon(path + "/shares", "reader-aaaaaaaaaaaaaaaa", new EngagementApi.Share("reader-aaaaaaaaaaaaaaaa", JsonHttp.BROWSER, "bluesky", "203.0.113.7"));
    beacon(path + "/shares", "reader-bbbbbbbbbbbbbbbb", new EngagementApi.Share("reader-bbbbbbbbbbbbbbbb", JsonHttp.BROWSER, "bluesky", "203.0.113.7"));
    beacon(path + "/heartbeats", "reader-aaaaaaaaaaaaaaaa", new EngagementApi.Heartbeat("reader-aaaaaaaaaaaaaaaa", JsonHttp.BROWSER));
    var c = beacon(path + "/heartbeats", "reader-ffffffffffffffff", new EngagementApi.Heartbeat("reader-ffffffffffffffff", JsonHttp.BROWSER))
        .as(EngagementApi.Counters.class);

    assertThat(c.views()).isEqualTo(6);
    assertThat(c.reach()).isEqualTo(5);
    assertThat(c.active24h()).as("five who opened it and one who only sent a heartbeat").isEqualTo(6);
    assertThat(c.readingNow()).isEqualTo(2);
    assertThat(c.inboundByDomain()).isEqualTo(java.util.Map.of("news.ycombinator.com", 2L, "newsletter", 1L));
    assertThat(c.inbound()).isEqualTo(3);
    assertThat(c.sharesByChannel()).isEqualTo(java.util.Map.of("bluesky", 2L));

    String googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    var crawled = http.post(path + "/views", new EngagementApi.RecordView("reader-gggggggggggggggg", googlebot, null, null, "10.0.0.7"));
    assertThat(crawled.status()).as("answered like anyone").isEqualTo(200);
    http.post(path + "/views", new EngagementApi.RecordView("reader-gggggggggggggggg", null, null, null, "10.0.0.7"));
    beacon(path + "/shares", "reader-gggggggggggggggg", new EngagementApi.Share("reader-gggggggggggggggg", "curl/8.5.0", "x", "203.0.113.7"));
    beacon(path + "/heartbeats", "reader-gggggggggggggggg", new EngagementApi.Heartbeat("reader-gggggggggggggggg", "Mozilla/5.0 HeadlessChrome/120.0"));
    var after = counters(article);
    assertThat(after).extracting(EngagementApi.Counters::views, EngagementApi.Counters::shares, EngagementApi.Counters::readingNow)
        .containsExactly(6L, 2L, 2L);
    assertThat(service.management().get("/metrics").body())
        .containsPattern("maproom_engagement_dropped_hits_total\\{reason=\"bot\",service=\"engagement-service\"\\} 3.0")
        .containsPattern("maproom_engagement_dropped_hits_total\\{reason=\"no-user-agent\",service=\"engagement-service\"\\} 1.0");

    var unknownChannel = beacon(path + "/shares", "reader-aaaaaaaaaaaaaaaa", new EngagementApi.Share("reader-aaaaaaaaaaaaaaaa", JsonHttp.BROWSER, "myspace", "203.0.113.7"));
    assertThat(unknownChannel.status()).isEqualTo(422);
    assertThat(unknownChannel.json().get("detail").asText()).contains("bluesky");
    assertThat(counters(article).shares()).isEqualTo(2);
  }

  @Test
  void sharesAreRateLimitedPerReaderAndPerAddressWithRetryAfter() {
    String path = "/articles/" + publish("rate-limited") + "/shares";
    String ip = "198.51.100.9";
    for (int i = 0; i < 10; i++) {
      assertThat(beacon(path, "reader-hhhhhhhhhhhhhhhh", new EngagementApi.Share("reader-hhhhhhhhhhhhhhhh", JsonHttp.BROWSER, "x", ip)).status()).isEqualTo(200);
    }
    var limited = beacon(path, "reader-hhhhhhhhhhhhhhhh", new EngagementApi.Share("reader-hhhhhhhhhhhhhhhh", JsonHttp.BROWSER, "x", ip));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).isEqualTo("application/problem+json");
    assertThat(limited.json().get("detail").asText()).contains("at most 10 per 1 min");
    assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);

    // Five more readers from the same address use up its 60; the next reader there is refused though new.
    for (int r = 0; r < 5; r++) {
      for (int i = 0; i < 10; i++) beacon(path, "reader-" + r + "iiiiiiiiiiiiiiiii", new EngagementApi.Share("reader-" + r + "iiiiiiiiiiiiiiiii", JsonHttp.BROWSER, "x", ip));
    }
    assertThat(beacon(path, "reader-jjjjjjjjjjjjjjjj", new EngagementApi.Share("reader-jjjjjjjjjjjjjjjj", JsonHttp.BROWSER, "x", ip)).status()).isEqualTo(429);
    assertThat(beacon(path, "reader-jjjjjjjjjjjjjjjj", new EngagementApi.Share("reader-jjjjjjjjjjjjjjjj", JsonHttp.BROWSER, "x", "198.51.100.10")).status())
        .as("the same reader from elsewhere").isEqualTo(200);
    // Answered, but from one address at most 30 count in an hour (the address budget); the reader from elsewhere counts.
    assertThat(counters(path.replace("/articles/", "").replace("/shares", "")).shares()).isEqualTo(31);
  }

  @Test
  void tapsAndVotesFromOneAddressMoveTheCountsByAtMostItsBudgetAndOthersStillCount() {
    String article = publish("tapped-hard");
    String path = "/articles/" + article;
    for (int i = 0; i < 40; i++) {
      String reader = "reader-tapper-" + (1000 + i) + "-0";
      assertThat(beacon(path + "/reactions", reader, new EngagementApi.Reaction(reader, JsonHttp.BROWSER, "Moved", true, "203.0.113.80")).status())
          .as("answered as usual").isEqualTo(200);
    }
    var batch = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "reader-batched-" + (1000 + i) + "-")
        .map(r -> EngagementApi.Choice.reaction(r, JsonHttp.BROWSER, "203.0.113.80", Identities.page(article, r).get(IdentityToken.PAGE_HEADER),
            "Moved", true)).toList();
    assertThat(http.post(path + "/choices/batch", new EngagementApi.ChoiceBatch(batch)).status()).isEqualTo(200);
    String honest = "reader-honest-tapper-000";
    assertThat(beacon(path + "/reactions", honest, new EngagementApi.Reaction(honest, JsonHttp.BROWSER, "Moved", true, "198.51.100.80")).status())
        .isEqualTo(200);
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(counters(article).reactions()).containsEntry("Moved", 31L));
  }

  @Test
  void oneAddressMovesTheCountersByAtMostItsBudgetHoweverItVariesCookiesAndReadersElsewhereStillCount() {
    String article = publish("budgeted");
    String path = "/articles/" + article + "/views/batch";
    var script = java.util.stream.IntStream.range(0, 100)
        .mapToObj(i -> new EngagementApi.RecordView("reader-script-" + (1000 + i) + "-00", JsonHttp.BROWSER, null, "hn", "203.0.113.50")).toList();
    assertThat(http.post(path, new EngagementApi.RecordViews(script.subList(0, 60))).status()).isEqualTo(200);
    for (var one : script.subList(60, 100)) assertThat(http.post("/articles/" + article + "/views", one).status()).isEqualTo(200);
    // An IPv6 script varies its address within its /64: one budget still.
    for (int i = 0; i < 40; i++) {
      var v6 = new EngagementApi.RecordView("reader-v6-" + (1000 + i) + "-000000", JsonHttp.BROWSER, null, null, "2001:db8:1:2::" + Integer.toHexString(i + 1));
      assertThat(http.post("/articles/" + article + "/views", v6).status()).isEqualTo(200);
    }
    for (int i = 0; i < 5; i++) http.post("/articles/" + article + "/views", view("reader-honest-" + i + "-0000000", null, null));
    var c = counters(article);
    assertThat(c.views()).isEqualTo(30 + 30 + 5);
    assertThat(c.reach()).isEqualTo(30 + 30 + 5);
    assertThat(c.inbound()).as("inbound only with a counted view").isEqualTo(30);
    String metrics = service.management().get("/metrics").body();
    var m = java.util.regex.Pattern.compile("maproom_engagement_dropped_hits_total\\{reason=\"address-budget\"[^}]*\\} ([0-9.]+)").matcher(metrics);
    assertThat(m.find()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(70 + 10);
  }

  @Test
  void liveSnapshotsGoOutAtMostOncePerSecondPerArticleAndFeedTheTopArticles() {
    String quiet = publish("quiet-article");
    String busy = publish("busy-article");
    http.post("/articles/" + quiet + "/views", view("reader-kkkkkkkkkkkkkkkk", null, null));
    long started = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      http.post("/articles/" + busy + "/views", view("reader-" + i + "lllllllllllllllll", null, null));
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    var snapshots = TopicProbe.readAll(kafka, Topics.ENGAGEMENT, Duration.ofSeconds(10), records -> records.stream()
        .anyMatch(r -> r.key().equals(busy) && r.value().contains("\"views\":30")));
    var busyOnes = snapshots.stream().filter(r -> r.key().equals(busy))
        .map(r -> EngagementServiceIntegrationTest.<EngagementEvent.CountersChanged>decode(r.value()))
        .toList();
    assertThat(busyOnes.size()).as("30 views in %.1f s", seconds).isBetween(1, (int) Math.ceil(seconds) + 2);
    assertThat(busyOnes.get(busyOnes.size() - 1).counters().reach()).isEqualTo(30);
    for (int i = 1; i < busyOnes.size(); i++) {
      assertThat(Duration.between(busyOnes.get(i - 1).occurredAt(), busyOnes.get(i).occurredAt())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    await().atMost(TestService.patience()).untilAsserted(() -> {
      var top = http.get("/top?window=24h&limit=2").as(EngagementApi.TopArticles.class);
      assertThat(top.items()).extracting(EngagementApi.TopArticle::articleId).containsExactly(busy, quiet);
      assertThat(top.items().get(0).readers()).isEqualTo(30);
    });
    var all = http.get("/top?window=all&limit=100").as(EngagementApi.TopArticles.class);
    assertThat(all.items()).extracting(EngagementApi.TopArticle::articleId).contains(busy, quiet);
    assertThat(http.get("/top?window=week").status()).isEqualTo(400);
    assertThat(http.get("/top?limit=0").status()).isEqualTo(400);
  }

  @Test
  void reactionsAndVotesAreCheckedAgainstTheArticleAndItsPollAndLimited() {
    String path = "/articles/" + publish("choices-rules");
    String ana = "reader-ana-000000000000";
    var notPublished = beacon("/articles/never-published/reactions", ana, new EngagementApi.Reaction(ana, JsonHttp.BROWSER, "Moved", true, null));
    assertThat(notPublished.status()).isEqualTo(404);
    var unknownKind = beacon(path + "/reactions", ana, new EngagementApi.Reaction(ana, JsonHttp.BROWSER, "Angry", true, null));
    assertThat(unknownKind.status()).isEqualTo(422);
    assertThat(unknownKind.json().get("detail").asText()).contains("Insightful, Surprising, Skeptical, Moved");
    var unknownOption = beacon(path + "/votes", ana, new EngagementApi.Vote(ana, JsonHttp.BROWSER, "9", null));
    assertThat(unknownOption.status()).isEqualTo(422);
    assertThat(unknownOption.contentType()).isEqualTo("application/problem+json");
    assertThat(beacon(path + "/votes", ana, new EngagementApi.Vote(ana, JsonHttp.BROWSER, "3", null)).as(EngagementApi.ReaderChoices.class).vote())
        .isEqualTo("3");

    // The writer closes the poll (an update with a closing time that has passed): votes stop, results stay.
    TopicProbe.send(kafka, Topics.CONTENT, "choices-rules", sample("ArticlePublished").replace(ARTICLE, "choices-rules")
        .replace("\"type\": \"ArticlePublished\"", "\"type\": \"ArticleUpdated\"").replace("\"closesAt\": null", "\"closesAt\": \"2026-01-01T00:00:00Z\""));
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(counters("choices-rules").poll().closesAt()).isNotNull());
    var closed = beacon(path + "/votes", ana, new EngagementApi.Vote(ana, JsonHttp.BROWSER, "1", null));
    assertThat(closed.status()).isEqualTo(422);
    assertThat(closed.json().get("detail").asText()).contains("closed");
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(counters("choices-rules").poll().votes()).isEqualTo(1));
    assertThat(http.get(path + "/readers/" + ana + "/choices").as(EngagementApi.ReaderChoices.class).vote()).isEqualTo("3");
    assertThat(http.get(path + "/readers/short/choices").status()).isEqualTo(400);

    // 30 taps a minute per reader: the 31st is refused, and what was refused does not count.
    String bo = "reader-bo-0000000000000";
    for (int i = 0; i < 30; i++) {
      assertThat(beacon(path + "/reactions", bo, new EngagementApi.Reaction(bo, JsonHttp.BROWSER, "Moved", i % 2 == 1, null)).status())
          .isEqualTo(200);
    }
    var limited = beacon(path + "/reactions", bo, new EngagementApi.Reaction(bo, JsonHttp.BROWSER, "Moved", false, null));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
    var crawler = beacon(path + "/reactions", ana, new EngagementApi.Reaction(ana, "Googlebot/2.1", "Insightful", true, null));
    assertThat(crawler.as(EngagementApi.ReaderChoices.class).reactions()).isEmpty();
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(counters("choices-rules").reactions()).as("Bo's last tap took it; the refused take-back did nothing").isEqualTo(java.util.Map.of("Moved", 1L)));

    // Beacons must come from a page rendered for this reader and article.
    String cy = "reader-cy-0000000000000";
    var noToken = http.post(path + "/reactions", new EngagementApi.Reaction(cy, JsonHttp.BROWSER, "Surprising", true, null));
    assertThat(noToken.status()).as("a script's tap is answered as usual").isEqualTo(200);
    assertThat(noToken.as(EngagementApi.ReaderChoices.class).reactions()).isEmpty();
    var someoneElses = http.post(path + "/reactions", new EngagementApi.Reaction(cy, JsonHttp.BROWSER, "Surprising", true, null),
        Identities.page("choices-rules", bo));
    assertThat(someoneElses.status()).isEqualTo(403);
    assertThat(someoneElses.contentType()).isEqualTo("application/problem+json");
    var anotherArticles = http.post(path + "/votes", new EngagementApi.Vote(cy, JsonHttp.BROWSER, "1", null), Identities.page("rate-limited", cy));
    assertThat(anotherArticles.status()).isEqualTo(403);
    var forged = http.post(path + "/reactions", new EngagementApi.Reaction(cy, JsonHttp.BROWSER, "Surprising", true, null),
        java.util.Map.of("X-Maproom-Page-Token", "1700000000.AAAA"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(http.get(path + "/readers/" + cy + "/choices").as(EngagementApi.ReaderChoices.class).reactions()).isEmpty();
    assertThat(service.management().get("/metrics").body())
        .containsPattern("maproom_engagement_dropped_hits_total\\{reason=\"no-page-token\",service=\"engagement-service\"\\} [1-9]");
  }

  @Test
  void aBatchOfChoicesIsJudgedChoiceByChoiceAsTheSingleEndpointsWouldJudgeThem() {
    String article = publish("choices-batch");
    String dee = "reader-dee-000000000000", ed = "reader-ed-0000000000000", fay = "reader-fay-000000000000";
    String hal = "reader-hal-000000000000";
    java.util.function.BiFunction<String, String, String> token = (a, reader) -> Identities.page(a, reader).values().iterator().next();
    List<EngagementApi.Choice> choices = new java.util.ArrayList<>(List.of(
        EngagementApi.Choice.reaction(dee, JsonHttp.BROWSER, null, token.apply(article, dee), "Moved", true),
        EngagementApi.Choice.vote(dee, JsonHttp.BROWSER, null, token.apply(article, dee), "2"),
        EngagementApi.Choice.reaction(ed, JsonHttp.BROWSER, null, token.apply(article, ed), "Angry", true),
        EngagementApi.Choice.reaction(ed, JsonHttp.BROWSER, null, token.apply(article, dee), "Moved", true),
        EngagementApi.Choice.reaction(fay, JsonHttp.BROWSER, null, null, "Moved", true),
        EngagementApi.Choice.reaction(fay, JsonHttp.BROWSER, null, token.apply(article, fay), "Moved", null),
        EngagementApi.Choice.vote(fay, JsonHttp.BROWSER, null, token.apply(article, fay), "9"),
        EngagementApi.Choice.reaction("short", JsonHttp.BROWSER, null, null, "Moved", true)));
    // Hal taps 31 times in one batch: held, taken back, ... the 31st is over the limit of 30 a minute.
    for (int i = 0; i < 31; i++) {
      choices.add(EngagementApi.Choice.reaction(hal, JsonHttp.BROWSER, null, token.apply(article, hal), "Skeptical", i % 2 == 0));
    }
    var answer = http.post("/articles/" + article + "/choices/batch", new EngagementApi.ChoiceBatch(choices));
    assertThat(answer.status()).isEqualTo(200);
    var results = answer.as(EngagementApi.ChoiceResults.class).results();
    assertThat(results).hasSize(choices.size());
    assertThat(results.get(0).choices().reactions()).containsExactly("Moved");
    assertThat(results.get(1).choices()).isEqualTo(new EngagementApi.ReaderChoices(java.util.Set.of("Moved"), "2"));
    assertThat(results.get(2).problem().status()).isEqualTo(422);
    assertThat(results.get(3).problem().status()).as("another reader's page token").isEqualTo(403);
    assertThat(results.get(4).choices().reactions()).as("no page token: answered, not counted").isEmpty();
    assertThat(results.get(5).problem().status()).isEqualTo(400);
    assertThat(results.get(6).problem().status()).isEqualTo(422);
    assertThat(results.get(7).problem().status()).isEqualTo(400);
    for (int i = 0; i < 30; i++) {
      assertThat(results.get(8 + i).choices().reactions()).as("Hal's tap %d, in order", i)
          .isEqualTo(i % 2 == 0 ? java.util.Set.of("Skeptical") : java.util.Set.of());
    }
    var limited = results.get(8 + 30);
    assertThat(limited.problem().status()).isEqualTo(429);
    assertThat(limited.retryAfterSeconds()).isPositive();
    await().atMost(TestService.patience()).untilAsserted(() -> {
      var counters = counters("choices-batch");
      assertThat(counters.reactions()).as("Dee's Moved; Hal's last tap that passed took Skeptical back")
          .isEqualTo(java.util.Map.of("Moved", 1L));
      assertThat(counters.poll().votes()).isEqualTo(1);
    });

    assertThat(http.post("/articles/" + article + "/choices/batch", new EngagementApi.ChoiceBatch(List.of())).status()).isEqualTo(400);
    var unpublished = http.post("/articles/never-published/choices/batch", new EngagementApi.ChoiceBatch(List.of(
        EngagementApi.Choice.reaction(dee, JsonHttp.BROWSER, null, token.apply("never-published", dee), "Moved", true))));
    assertThat(unpublished.as(EngagementApi.ChoiceResults.class).results().get(0).problem().status()).isEqualTo(404);

    // A full batch from a gateway is far larger than a reader's body may be: 1,000 views with long user agents.
    String longAgent = JsonHttp.BROWSER + " " + "x".repeat(1500);
    var full = http.post("/articles/" + article + "/views/batch", new EngagementApi.RecordViews(java.util.stream.IntStream.range(0, 1000)
        .mapToObj(i -> new EngagementApi.RecordView("reader-full-" + (100000 + i) + "-0000", longAgent, null, null, address("reader-full-" + i))).toList()));
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.as(EngagementApi.Counters.class).views()).isEqualTo(1000);
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
    var routes = new EngagementRoutes(service.running().system(), java.time.Clock.systemUTC(), null, null).api().endpoints().stream()
        .map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("engagement-service.yaml").operations()).isEqualTo(routes);
  }
}
