package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.EmailLinks;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;

/**
 * The walking skeleton's story, through the gateway over real HTTP, with all four services on their own PostgreSQL
 * databases and the embedded Kafka broker: publish, text the subscribers, read and count, comment, moderate.
 */
class StoryEndToEndTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final String ADMIN_EMAIL = WholeSystem.ADMIN_EMAIL;
  static final String ADMIN_PASSWORD = WholeSystem.ADMIN_PASSWORD;
  static WholeSystem whole;
  static LocalSystem system;
  static JsonHttp gateway;

  @BeforeAll
  static void start() {
    whole = new WholeSystem();
    system = whole.system;
    gateway = whole.gateway;
  }

  @AfterAll
  static void stop() {
    if (whole != null) whole.close();
  }

  static Map<String, String> bearer(String token) {
    return WholeSystem.bearer(token);
  }

  static String signIn(String email, String password) {
    return whole.signIn(email, password);
  }

  static Document page(String path, Map<String, String> headers) {
    var r = gateway.get(path, headers);
    assertThat(r.status()).as(path).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/html");
    return Jsoup.parse(r.body());
  }

  @Test
  void publishTextReadCountCommentAndModerate() {
    var admin = bearer(signIn(ADMIN_EMAIL, ADMIN_PASSWORD));

    // 2. A reader leaves a number before the piece is live.
    var subscribed = gateway.post("/api/subscriptions", new NotifyApi.Subscribe("07911 123456", "GB", true, "/"));
    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(202);
    assertThat(subscribed.body()).doesNotContain("123456");
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(gateway.get("/api/admin/sms/stats", admin).as(NotifyApi.Stats.class).activeSubscribers()).isEqualTo(1));

    // 1. The author creates and publishes an article.
    var created = gateway.post("/api/articles", ContentApi.ArticleInput.of(null, "Borders Are Drawn, Not Found",
        "On who holds the pen.", "Every border on a map was *drawn* by someone.\n\n<script>alert(1)</script>"), admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String slug = created.as(ContentApi.Article.class).slug();
    assertThat(slug).isEqualTo("borders-are-drawn-not-found");
    assertThat(gateway.get("/articles/" + slug).status()).as("a draft is not readable").isEqualTo(404);
    assertThat(gateway.post("/api/articles/" + slug + "/publish", "", admin).status()).isEqualTo(200);

    // ... and the subscriber, confirmed on signing up, is texted once, with the title and the link.
    java.util.function.Supplier<java.util.List<NotifyApi.OutboxMessage>> texts = () -> gateway.get("/api/admin/sms/outbox", admin)
        .as(NotifyApi.Outbox.class).items();
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(texts.get()).hasSize(2)
        .filteredOn(m -> m.articleId().equals("welcome")).hasSize(1));
    var text = texts.get().stream().filter(m -> !m.articleId().equals("welcome")).findFirst().orElseThrow();
    assertThat(text.body()).contains("Borders Are Drawn, Not Found").contains("http://localhost:8080/articles/" + slug);
    assertThat(text.toLastDigits()).isEqualTo("56");
    // The link in the text: its page only shows a button; pressing it stops the texts, once.
    String token = text.body().substring(text.body().indexOf("/u/") + 3).split("\\s")[0];
    Document ask = page("/u/" + token, Map.of());
    assertThat(ask.select("form[method=post]").attr("action")).isEqualTo("/u/" + token);
    assertThat(gateway.get("/api/admin/sms/stats", admin).as(NotifyApi.Stats.class).activeSubscribers()).as("showing it changes nothing")
        .isEqualTo(1);
    var stopped = gateway.postRaw("/u/" + token, "application/x-www-form-urlencoded", "", Map.of());
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(Jsoup.parse(stopped.body()).select("main").text()).contains("off the list");
    assertThat(gateway.postRaw("/u/" + token, "application/x-www-form-urlencoded", "", Map.of()).status()).isEqualTo(410);
    assertThat(gateway.postRaw("/u/" + token.replace('.', 'x'), "application/x-www-form-urlencoded", "", Map.of()).status()).isEqualTo(404);
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(gateway.get("/api/admin/sms/stats", admin).as(NotifyApi.Stats.class).activeSubscribers()).isZero());

    // 3. A reader opens the page: title, body, counters, no comments yet; the view is counted.
    await().atMost(PATIENCE).until(() -> gateway.get("/api/articles/" + slug + "/counters").status() == 200);
    var reader = Map.of("Cookie", "mr_reader=AAAAAAAAAAAAAAAAAAAAAA");
    Document article = page("/articles/" + slug, reader);
    assertThat(article.select("h1").text()).isEqualTo("Borders Are Drawn, Not Found");
    assertThat(article.select(".body em").text()).isEqualTo("drawn");
    assertThat(article.select(".body script")).as("the body is sanitized").isEmpty();
    assertThat(article.select("[data-counter=reach]").text()).isEqualTo("1");
    assertThat(article.select("[data-counter=comments]").text()).isEqualTo("0");
    assertThat(Identities.isPageToken(article.select("article#article").attr("data-page-token"), slug, "AAAAAAAAAAAAAAAAAAAAAA"))
        .as("the page carries the token its beacons need").isTrue();
    assertThat(article.select(".comments").text()).contains("No approved comments yet");
    assertThat(gateway.get("/api/articles/" + slug + "/counters").as(EngagementApi.Counters.class).views()).isEqualTo(1);
    assertThat(page("/", Map.of()).select("a[href=/articles/" + slug + "]").text()).isEqualTo("Borders Are Drawn, Not Found");

    // 4. A reader signs up and comments; it stays pending and invisible.
    assertThat(gateway.post("/api/accounts", new ModerationApi.SignUp("rea@example.org", "Rea Der", "reader password")).status())
        .isEqualTo(202);
    await().atMost(PATIENCE).untilAsserted(() -> EmailLinks.confirmNewestSignUp(gateway, admin));
    var readerSession = bearer(signIn("rea@example.org", "reader password"));
    String body = "Well argued. <img src=x onerror=alert(1)>";
    var comment = await().atMost(PATIENCE).until(
        () -> gateway.post("/api/articles/" + slug + "/comments", new ModerationApi.SubmitComment(body), readerSession),
        r -> r.status() == 201).as(ModerationApi.Comment.class);
    assertThat(comment.status()).isEqualTo("pending");
    assertThat(gateway.post("/api/moderation/comments/" + comment.id() + "/approve", "", readerSession).status())
        .as("a reader cannot moderate").isEqualTo(403);
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(gateway.get("/api/moderation/comments/pending", admin).as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::id).containsExactly(comment.id()));
    assertThat(page("/articles/" + slug, reader).select(".comment")).as("pending is invisible").isEmpty();

    // ... a moderator approves it: counted, and shown (escaped) on the page.
    assertThat(gateway.post("/api/moderation/comments/" + comment.id() + "/approve", "", admin).status()).isEqualTo(200);
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(gateway.get("/api/articles/" + slug + "/counters").as(EngagementApi.Counters.class).comments()).isEqualTo(1));
    await().atMost(PATIENCE).untilAsserted(() -> {
      Document after = page("/articles/" + slug, reader);
      assertThat(after.select(".comment .author").text()).isEqualTo("Rea Der");
      assertThat(after.select(".comment .text").text()).isEqualTo(body);
      assertThat(after.select(".comment img")).as("shown as text, never as HTML").isEmpty();
      assertThat(after.select("[data-counter=comments]").text()).isEqualTo("1");
    });
  }

  @Test
  void aCommentPostedTheMomentAnArticleIsPublishedIsTaken() {
    var admin = bearer(signIn(ADMIN_EMAIL, ADMIN_PASSWORD));
    assertThat(gateway.post("/api/accounts", new ModerationApi.SignUp("quick@example.org", "Quick Reader", "quick long password")).status())
        .isEqualTo(202);
    await().atMost(PATIENCE).untilAsserted(() -> EmailLinks.confirmNewestSignUp(gateway, admin));
    var quick = bearer(signIn("quick@example.org", "quick long password"));
    var created = gateway.post("/api/articles", ContentApi.ArticleInput.of("hot-off-the-press", "Hot off the press", "", "Body."), admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(gateway.post("/api/articles/hot-off-the-press/publish", "", admin).status()).isEqualTo(200);
    // At once: the publication is still on its way from content-service to moderation-service.
    var first = gateway.post("/api/articles/hot-off-the-press/comments", new ModerationApi.SubmitComment("First!"), quick);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    // Out of the moderation queue that the story above reads.
    String id = first.as(ModerationApi.Comment.class).id();
    assertThat(gateway.post("/api/moderation/comments/" + id + "/reject", new ModerationApi.Reject("off-topic", null), admin).status())
        .isEqualTo(200);
  }

  @Test
  void badRequestsThroughTheGatewayGetAClear4xx() {
    var malformed = gateway.postRaw("/api/subscriptions", "application/json", "{\"phone\": ", Map.of());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).isEqualTo("application/problem+json");
    var missing = gateway.post("/api/accounts", "{\"email\": \"x@example.org\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("detail").asText()).contains("password");
    var admin = bearer(signIn(ADMIN_EMAIL, ADMIN_PASSWORD));
    var unknownArticle = gateway.post("/api/articles/no-such-article/publish", "", admin);
    assertThat(unknownArticle.status()).isEqualTo(404);
    assertThat(unknownArticle.contentType()).isEqualTo("application/problem+json");
    assertThat(gateway.get("/api/articles/no-such-article/counters").status()).isEqualTo(404);
    var noPage = gateway.get("/articles/no-such-article");
    assertThat(noPage.status()).isEqualTo(404);
    assertThat(Jsoup.parse(noPage.body()).select("h1").text()).isEqualTo("Not found");
    assertThat(gateway.post("/api/articles", ContentApi.ArticleInput.of(null, "T", "", "b")).status()).isEqualTo(401);
    assertThat(gateway.post("/api/articles", ContentApi.ArticleInput.of(null, "T", "", "b"), bearer("forged")).status())
        .isEqualTo(401);
    var traversal = gateway.post("/api/articles/..%2Fcomments%2Fpending/publish", "", admin);
    assertThat(traversal.status()).isEqualTo(404);
  }

  @Test
  void aRenamedArticlesOldAddressAnswers301AndTheFeedsPassThrough() {
    var admin = bearer(signIn(ADMIN_EMAIL, ADMIN_PASSWORD));
    assertThat(gateway.post("/api/articles", ContentApi.ArticleInput.of("first-name", "First name", "", "Body."), admin).status())
        .isEqualTo(201);
    assertThat(gateway.post("/api/articles/first-name/publish", "", admin).status()).isEqualTo(200);
    String contentUrl = "http://127.0.0.1:" + system.httpPort("content-service");
    var identity = org.maproom.testkit.Identities.header("admin-id", "admin");
    assertThat(new JsonHttp(contentUrl).post("/articles/first-name/slug", new ContentApi.ChangeSlug("second-name"), identity).status())
        .isEqualTo(200);
    await().atMost(PATIENCE).untilAsserted(() -> {
      var old = gateway.get("/articles/first-name");
      assertThat(old.status()).isEqualTo(301);
      assertThat(old.raw().headers().firstValue("Location")).contains("/articles/second-name");
    });
    assertThat(gateway.get("/articles/second-name").status()).isEqualTo(200);
    var atom = gateway.get("/feed.atom");
    assertThat(atom.status()).isEqualTo(200);
    assertThat(atom.contentType()).startsWith("application/atom+xml");
    assertThat(atom.body()).contains("/articles/second-name");
    assertThat(gateway.get("/sitemap.xml").body()).contains("<loc>http://localhost:8080/articles/second-name</loc>");
    assertThat(gateway.get("/feed.rss").raw().headers().firstValue("Content-Security-Policy")).isPresent();
  }


}
