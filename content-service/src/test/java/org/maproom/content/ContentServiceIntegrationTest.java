package org.maproom.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ContentApi.ArticleInput;
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
  static final Map<String, String> AUTHOR = Identities.named("author-1", "Ada Writer", "author");
  static final Map<String, String> OTHER_AUTHOR = Identities.header("author-2", "author");

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.of("content.scheduler-interval", "200ms"));
    kafka = service.kafka();
    http = service.http();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static ContentApi.Article create(ArticleInput input) {
    var r = http.post("/articles", input, AUTHOR);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.as(ContentApi.Article.class);
  }

  static ContentApi.Article publish(String id) {
    var r = http.post("/articles/" + id + "/publish", "", AUTHOR);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.as(ContentApi.Article.class);
  }

  static List<ContentEvent> events(String articleId) throws Exception {
    // At least once: a restart may send an event again; consumers dedupe on eventId, and so does this.
    Map<String, ContentEvent> out = new java.util.LinkedHashMap<>();
    for (var r : TopicProbe.read(kafka, Topics.CONTENT, Integer.MAX_VALUE, java.time.Duration.ofSeconds(3))) {
      if (!articleId.equals(r.key())) continue;
      ContentEvent e = EventJson.read(r.value().getBytes(), ContentEvent.class).orElseThrow();
      out.putIfAbsent(e.eventId(), e);
    }
    return new ArrayList<>(out.values());
  }

  @Test
  void aWholeLifeOnTheTopicDraftPublishEditRenameUnpublish() throws Exception {
    var poll = new ContentApi.PollInput("Is every map political?", List.of("Yes", "No", "Depends"), null);
    var input = new ArticleInput(null, "Maps & Power", "A dek", null, List.of("Maps", "power"), "Some *body*.",
        new ContentApi.Cover("https://img.example/map.jpg", "An old map"),
        new ContentApi.Seo(null, null, "Maps & Power, in short", null, "https://img.example/og.jpg"), poll,
        new ContentApi.Promo("41% off the book", "$17.76", null, 41, "https://book.example"), null);
    var draft = create(input);
    assertThat(draft.slug()).isEqualTo("maps-power");
    assertThat(draft.seo().ogImage()).isEqualTo("https://img.example/og.jpg");
    assertThat(draft.poll().options()).extracting(ContentApi.Option::id).containsExactly("1", "2", "3");
    assertThat(http.get("/articles/maps-power").status()).as("a draft is invisible to readers").isEqualTo(404);
    assertThat(http.get("/articles/maps-power", AUTHOR).status()).as("but its author may preview it").isEqualTo(200);
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/drafts", AUTHOR).as(ContentApi.ArticleList.class).items()).extracting(ContentApi.ArticleSummary::id).contains("maps-power"));
    assertThat(http.get("/drafts", OTHER_AUTHOR).as(ContentApi.ArticleList.class).items()).extracting(ContentApi.ArticleSummary::id)
        .doesNotContain("maps-power");

    publish("maps-power");
    var edit = http.put("/articles/maps-power", new ContentApi.EditArticle(new ArticleInput(null, "Maps & Power, revised", "A dek",
        null, List.of("maps"), "Some *better* body.", null, null, poll, null, null), "a better title"), AUTHOR);
    assertThat(edit.status()).as(edit.body()).isEqualTo(200);
    assertThat(edit.as(ContentApi.Article.class).revision()).isEqualTo(2);
    var renamed = http.post("/articles/maps-power/slug", new ContentApi.ChangeSlug("maps-and-power"), AUTHOR);
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

    // The old slug keeps leading to the article, under its new slug; no other article can take it.
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/slugs/maps-power").as(ContentApi.SlugTarget.class)).isEqualTo(new ContentApi.SlugTarget("maps-power", "maps-and-power")));
    assertThat(http.post("/articles", ArticleInput.of("maps-power", "Squatter", "", "b"), OTHER_AUTHOR).status()).isEqualTo(409);

    var revisions = http.get("/articles/maps-power/revisions", AUTHOR).as(ContentApi.RevisionList.class).items();
    assertThat(revisions).extracting(ContentApi.Revision::number).containsExactly(2, 1);
    var diff = http.get("/articles/maps-power/revisions/compare?from=1&to=2", AUTHOR).as(ContentApi.RevisionDiff.class);
    assertThat(diff.fields()).extracting(ContentApi.FieldChange::field).contains("title", "tags");
    assertThat(diff.bodyDiff()).containsExactly("- Some *body*.", "+ Some *better* body.");
    var restored = http.post("/articles/maps-power/revisions/1/restore", "", AUTHOR).as(ContentApi.Article.class);
    assertThat(restored.title()).isEqualTo("Maps & Power");
    assertThat(restored.revision()).isEqualTo(3);

    assertThat(http.post("/articles/maps-power/unpublish", "", AUTHOR).status()).isEqualTo(200);
    assertThat(http.get("/articles/maps-power").status()).isEqualTo(404);

    var events = events("maps-power");
    assertThat(events).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("ArticlePublished", "ArticleUpdated", "ArticleUpdated", "ArticleUpdated", "ArticleUnpublished");
    var published = (ContentEvent.ArticlePublished) events.get(0);
    assertThat(published.eventId()).isEqualTo("Article|maps-power:2");
    assertThat(published.url()).isEqualTo("http://localhost:8080/articles/maps-power");
    assertThat(published.tags()).containsExactly("maps", "power");
    assertThat(published.poll().options()).extracting(ContentEvent.Option::label).containsExactly("Yes", "No", "Depends");
    assertThat(((ContentEvent.ArticleUpdated) events.get(2)).url()).isEqualTo("http://localhost:8080/articles/maps-and-power");
  }

  @Test
  void listsPageWithACursorAndFilterBySectionAndTagAndReadNextFallsBackToTheSection() {
    for (int i = 1; i <= 5; i++) {
      create(new ArticleInput("page-" + i, "Page " + i, "", i % 2 == 0 ? "Essays" : "Notes", List.of(i % 2 == 0 ? "even" : "odd"),
          "Body " + i, null, null, null, null, i == 1 ? List.of("page-4") : null));
      publish("page-" + i);
    }
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/articles?section=Notes").as(ContentApi.ArticleList.class).items()).hasSize(3));
    List<String> seen = new ArrayList<>();
    String cursor = "";
    do {
      var page = http.get("/articles?section=Notes&limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor)).as(ContentApi.ArticleList.class);
      page.items().forEach(a -> seen.add(a.id()));
      cursor = page.next() == null ? "" : page.next();
    } while (!cursor.isEmpty());
    assertThat(seen).containsExactly("page-5", "page-3", "page-1");
    assertThat(http.get("/articles?tag=even").as(ContentApi.ArticleList.class).items()).extracting(ContentApi.ArticleSummary::id)
        .containsExactly("page-4", "page-2");
    assertThat(http.get("/articles/page-1/read-next").as(ContentApi.ArticleList.class).items()).extracting(ContentApi.ArticleSummary::id)
        .containsExactly("page-4");
    assertThat(http.get("/articles/page-3/read-next").as(ContentApi.ArticleList.class).items()).extracting(ContentApi.ArticleSummary::id)
        .containsExactly("page-5", "page-1");
    assertThat(http.get("/articles?cursor=garbage").status()).isEqualTo(400);
    assertThat(http.get("/articles?limit=500").status()).isEqualTo(400);
  }

  @Test
  void feedsParseAsAtomAndRssAndTheSitemapValidates() throws Exception {
    create(ArticleInput.of("feed-me", "Feed <me> & more", "A dek", "Body with <b>html</b> and *markdown*."));
    publish("feed-me");
    await().atMost(TestService.patience()).until(() -> http.get("/feed.atom").body().contains("feed-me"));
    var atom = http.get("/feed.atom");
    assertThat(atom.contentType()).startsWith("application/atom+xml");
    SyndFeed a = new SyndFeedInput().build(new StringReader(atom.body()));
    assertThat(a.getFeedType()).isEqualTo("atom_1.0");
    assertThat(a.getEntries()).anySatisfy(e -> {
      assertThat(e.getTitle()).isEqualTo("Feed <me> & more");
      assertThat(e.getLink()).isEqualTo("http://localhost:8080/articles/feed-me");
    });
    SyndFeed rss = new SyndFeedInput().build(new StringReader(http.get("/feed.rss").body()));
    assertThat(rss.getFeedType()).isEqualTo("rss_2.0");
    assertThat(rss.getEntries()).extracting(e -> e.getLink()).contains("http://localhost:8080/articles/feed-me");

    String sitemap = http.get("/sitemap.xml").body();
    var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(getClass().getResource("/sitemap-protocol.xsd"));
    schema.newValidator().validate(new StreamSource(new StringReader(sitemap)));
    assertThat(sitemap).contains("<loc>http://localhost:8080/articles/feed-me</loc>");

    // Text stored before control characters were refused (the API refuses them now) still makes a valid feed.
    try (var c = service.database().connect()) {
      c.createStatement().executeUpdate("UPDATE articles SET title = 'Bell' || chr(7) || ' title', dek = 'Esc' || chr(27) WHERE slug = 'feed-me'");
    }
    var older = http.get("/feed.atom");
    assertThat(older.status()).isEqualTo(200);
    assertThat(new SyndFeedInput().build(new StringReader(older.body())).getEntries()).extracting(e -> e.getTitle()).contains("Bell\ufffd title");
    assertThat(http.get("/feed.rss").status()).isEqualTo(200);
  }

  @Test
  void aScheduledArticlePublishesOnTimeAfterEveryNodeRestarted() throws Exception {
    create(ArticleInput.of("later-on", "Later on", "", "Body."));
    var scheduled = http.post("/articles/later-on/schedule", new ContentApi.Schedule(Instant.now().plusSeconds(6)), AUTHOR);
    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
    assertThat(scheduled.as(ContentApi.Article.class).status()).isEqualTo("scheduled");
    service = service.restart();
    http = service.http();
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/articles/later-on").as(ContentApi.Article.class).status()).isEqualTo("published"));
  }

  @Test
  void badInputGetsAClear4xxAndChangesNothing() throws Exception {
    create(ArticleInput.of("someone-elses", "Someone else's", "", "Body."));
    Map<String, ArticleInput> bad = Map.of(
        "empty-title", ArticleInput.of("empty-title", " ", "", "b"),
        "long-title", ArticleInput.of("long-title", "x".repeat(300), "", "b"),
        "one-option", new ArticleInput("one-option", "T", "", null, null, "b", null, null,
            new ContentApi.PollInput("Q?", List.of("only"), null), null, null),
        "nine-options", new ArticleInput("nine-options", "T", "", null, null, "b", null, null,
            new ContentApi.PollInput("Q?", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), null), null, null),
        "nul-title", ArticleInput.of("nul-title", "A\u0000title", "", "b"),
        "bell-dek", ArticleInput.of("bell-dek", "T", "Ding\u0007", "b"),
        "escape-in-option", new ArticleInput("escape-in-option", "T", "", null, null, "b", null, null,
            new ContentApi.PollInput("Q?", List.of("\u001b[31mred", "blue"), null), null, null));
    for (var e : bad.entrySet()) {
      var r = http.post("/articles", e.getValue(), AUTHOR);
      assertThat(r.status()).as(e.getKey()).isEqualTo(422);
      assertThat(r.contentType()).isEqualTo("application/problem+json");
    }
    assertThat(http.post("/articles", ArticleInput.of("has spaces", "T", "", "b"), AUTHOR).status()).isEqualTo(400);
    assertThat(http.post("/articles", ArticleInput.of("someone-elses", "T", "", "b"), OTHER_AUTHOR).status()).isEqualTo(409);
    var huge = http.post("/articles", ArticleInput.of("huge", "T", "", "x".repeat(2_000_000)), AUTHOR);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.contentType()).isEqualTo("application/problem+json");
    assertThat(http.post("/articles/someone-elses/schedule", new ContentApi.Schedule(Instant.now().minusSeconds(60)), AUTHOR).status())
        .isEqualTo(422);
    assertThat(http.put("/articles/someone-elses", new ContentApi.EditArticle(ArticleInput.of(null, "Mine now", "", "b"), ""), OTHER_AUTHOR)
        .status()).isEqualTo(403);
    assertThat(http.post("/articles/no-such-article/publish", "", AUTHOR).status()).isEqualTo(404);
    assertThat(http.get("/slugs/no-such-article").status()).isEqualTo(404);
    assertThat(http.post("/articles", ArticleInput.of("no-role", "T", "", "b"), Identities.header("r", "reader")).status()).isEqualTo(403);
    assertThat(http.postRaw("/articles", "application/json", "{\"title\": ", AUTHOR).status()).isEqualTo(400);
    assertThat(http.get("/articles/someone-elses/revisions", OTHER_AUTHOR).status()).isEqualTo(403);

    try (var c = service.database().connect();
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM event_journal WHERE persistence_id IN "
            + "('Article|empty-title', 'Article|long-title', 'Article|one-option', 'Article|nine-options', 'Article|huge', "
            + "'Article|nul-title', 'Article|bell-dek', 'Article|escape-in-option', "
            + "'Article|no-such-article', 'Article|no-role') OR (persistence_id = 'Article|someone-elses' AND sequence_number > 1)")) {
      r.next();
      assertThat(r.getInt(1)).as("nothing half-written").isZero();
    }
    try (var c = service.database().connect();
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM slugs WHERE slug IN ('empty-title', 'long-title', 'huge')")) {
      r.next();
      assertThat(r.getInt(1)).as("refused articles claim no slug").isZero();
    }
  }

  @Test
  void siteSettingsHaveDefaultsAndOnlyAnAdminChangesThem() {
    var defaults = http.get("/site").as(ContentApi.Site.class);
    assertThat(defaults.publication()).isEqualTo("The Map Room");
    assertThat(defaults.reactionKinds()).containsExactly("Insightful", "Surprising", "Skeptical", "Moved");
    var site = new ContentApi.Site("The Map Room", "Ada Writer", "Writes about maps.",
        List.of(new ContentApi.Link("Patreon", "https://patreon.example/ada")),
        new ContentApi.Promo("41% off the book", "$17.76", null, 41, "https://book.example"), List.of("Insightful", "Moved"), null);
    assertThat(http.put("/site", site, AUTHOR).status()).isEqualTo(403);
    var admin = Identities.header("admin", "admin");
    var saved = http.put("/site", site, admin);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    assertThat(http.get("/site").as(ContentApi.Site.class).supportLinks()).extracting(ContentApi.Link::url)
        .containsExactly("https://patreon.example/ada");
    var bad = new ContentApi.Site("", "Ada", "", List.of(new ContentApi.Link("x", "javascript:alert(1)")), null, List.of(), null);
    assertThat(http.put("/site", bad, admin).status()).isEqualTo(422);
    assertThat(http.get("/site").as(ContentApi.Site.class).writerName()).as("unchanged").isEqualTo("Ada Writer");
  }

  @Test
  void previewRendersWithoutSaving() {
    var r = http.post("/preview", new ContentApi.Preview("Hello *there* <script>x</script>"), AUTHOR);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.as(ContentApi.PreviewHtml.class).html()).contains("<em>there</em>").doesNotContain("<script");
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    var routes = new org.maproom.content.http.ArticleRoutes(service.running().system(), null, null, java.time.Clock.systemUTC())
        .api(null).endpoints().stream().map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("content-service.yaml").operations()).isEqualTo(routes);
  }
}
