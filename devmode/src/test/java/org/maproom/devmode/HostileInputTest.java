package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.EmailLinks;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TopicProbe;
import org.openqa.selenium.NoAlertPresentException;
import org.slf4j.LoggerFactory;

/**
 * What hostile or private input must never do. Script payloads typed into every field a stranger or a writer can
 * fill (comments, display names, article fields, query parameters) never run in the browser and never reach the HTML
 * unescaped; a subscriber's phone number never comes back in a page, an API answer, a log line or a Kafka event.
 */
class HostileInputTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Each payload calls alert(): a dialog in the browser means it ran. */
  static final List<String> PAYLOADS = List.of(
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<svg onload=alert(1)>",
      "\"><script>alert(1)</script>",
      "'><img src=x onerror=alert(1)>",
      "javascript:alert(1)",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<body onload=alert(1)>",
      "<a href=\"javascript:alert(1)\">click</a>",
      "<details open ontoggle=alert(1)>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "</textarea><script>alert(1)</script>",
      "</title><script>alert(1)</script>",
      "<style>@import 'javascript:alert(1)'</style>",
      "<input autofocus onfocus=alert(1)>",
      "<video><source onerror=alert(1)>",
      "<object data=\"javascript:alert(1)\"></object>",
      "<embed src=\"javascript:alert(1)\">",
      "<form action=\"javascript:alert(1)\"><button>go</button></form>",
      "<marquee onstart=alert(1)>",
      "\" onmouseover=\"alert(1)",
      "' onfocus='alert(1)' autofocus='",
      "<scr<script>ipt>alert(1)</scr</script>ipt>",
      "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">",
      "<svg><script>alert&#40;1&#41;</script>",
      "<base href=\"javascript:alert(1)//\">",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
      "<a href=\"&#x6A;avascript:alert(1)\">click</a>",
      "<link rel=stylesheet href=\"javascript:alert(1)\">",
      "<img src=x:alert(1) onerror=eval(src)>",
      "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
      "`-alert(1)-`",
      "<svg><animate onbegin=alert(1) attributeName=x dur=1s>");
  static WholeSystem whole;
  static JsonHttp gateway;
  static Map<String, String> admin;
  /** Every log line of the whole system, from its start. */
  static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    whole = new WholeSystem();
    gateway = whole.gateway;
    admin = WholeSystem.bearer(whole.signIn(WholeSystem.ADMIN_EMAIL, WholeSystem.ADMIN_PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (whole != null) whole.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  @Test
  void noPayloadRunsInTheBrowserOrReachesThePageUnescaped() {
    assertThat(PAYLOADS).hasSizeGreaterThanOrEqualTo(30);
    // Article fields: one article per payload, every text field the writer fills carrying it.
    List<String> slugs = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < PAYLOADS.size(); i++) {
      String p = PAYLOADS.get(i);
      var input = new ContentApi.ArticleInput("hostile-" + i, "Title " + p, "Dek " + p, p.length() > 40 ? p.substring(0, 40) : p, null,
          "Body " + p + "\n\n[link](javascript:alert(1)) " + p, null, null,
          new ContentApi.PollInput("Question " + p, List.of("Yes " + p, "No"), null),
          new ContentApi.Promo("Promo " + p, p.length() > 20 ? p.substring(0, 20) : p, null, null,
              "https://example.org/?q=" + URLEncoder.encode(p, StandardCharsets.UTF_8)), null);
      var created = gateway.post("/api/articles", input, admin);
      if (created.status() != 201) {
        assertThat(created.status()).as("refused, with a reason: " + created.body()).isBetween(400, 499);
        refusals.add(created.body());
        continue;
      }
      String slug = created.as(ContentApi.Article.class).slug();
      assertThat(gateway.post("/api/articles/" + slug + "/publish", "", admin).status()).isEqualTo(200);
      slugs.add(slug);
    }
    var scriptLink = new ContentApi.ArticleInput(null, "Promo", null, null, null, "Body", null, null, null,
        new ContentApi.Promo("Buy", null, null, null, "javascript:alert(1)"), null);
    assertThat(gateway.post("/api/articles", scriptLink, admin).status()).as("a script URL as the promotion's link").isEqualTo(422);
    assertThat(slugs).as("most hostile articles are stored (escaped on the way out), not refused: " + refusals).hasSizeGreaterThan(20);

    // Display names (a few: every account costs two Argon2id hashes) and comments (every payload, from those accounts).
    String target = slugs.get(0);
    List<Map<String, String>> readers = new ArrayList<>();
    var usedTokens = new java.util.HashSet<String>();
    for (int i = 0; i < 5; i++) {
      String p = PAYLOADS.get(i * 7);
      String email = "h" + i + "@example.org";
      var signUp = gateway.post("/api/accounts", new ModerationApi.SignUp(email, p.length() > 50 ? p.substring(0, 50) : p, "a hostile long password"));
      if (signUp.status() != 202) {
        assertThat(signUp.status()).as("refused, with a reason: " + signUp.body()).isBetween(400, 499);
        signUp = gateway.post("/api/accounts", new ModerationApi.SignUp(email, "Reader " + i, "a hostile long password"));
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(202);
      }
      String token = await().atMost(PATIENCE).until(() -> EmailLinks.newestVerifyToken(gateway, admin), t -> !usedTokens.contains(t));
      usedTokens.add(token);
      assertThat(gateway.post("/api/accounts/verify", new ModerationApi.VerifyEmail(token)).status()).isEqualTo(200);
      readers.add(WholeSystem.bearer(whole.signIn(email, "a hostile long password")));
    }
    for (int i = 0; i < PAYLOADS.size(); i++) {
      var reader = readers.get(i % readers.size());
      String body = "Comment " + PAYLOADS.get(i);
      var comment = await().atMost(PATIENCE).until(() -> gateway.post("/api/articles/" + target + "/comments",
          new ModerationApi.SubmitComment(body), reader), r -> r.status() == 201);
      String id = comment.as(ModerationApi.Comment.class).id();
      await().atMost(PATIENCE).until(() -> gateway.post("/api/moderation/comments/" + id + "/approve", "", admin).status() == 200);
    }
    await().atMost(PATIENCE).until(() -> gateway.get("/api/articles/" + target + "/comments").json().path("total").asLong() == PAYLOADS.size());

    // Query parameters.
    List<String> pages = new ArrayList<>(List.of("/", "/articles/" + target, "/articles/" + target + "?order=newest"));
    slugs.forEach(s -> pages.add("/articles/" + s));
    for (String p : PAYLOADS) {
      String q = URLEncoder.encode(p, StandardCharsets.UTF_8);
      pages.add("/articles/" + target + "?order=" + q + "&notice=" + q + "&utm_source=" + q + "&posted=" + q);
      pages.add("/sign-in?next=" + q);
      pages.add("/verify-email?token=" + q);
      pages.add("/reset-password?token=" + q);
      pages.add("/u/" + q);
    }

    for (String path : pages) {
      var r = gateway.get(path);
      if (!r.contentType().startsWith("text/html")) continue;
      Document html = Jsoup.parse(r.body());
      for (String p : PAYLOADS) {
        if (p.contains("<")) assertThat(r.body()).as(path + " must not carry " + p + " unescaped").doesNotContain(p);
      }
      for (Element e : html.getAllElements()) {
        for (var a : e.attributes()) {
          assertThat(a.getKey()).as(path + ": an event handler attribute on <" + e.tagName() + ">").doesNotStartWith("on");
          if (List.of("href", "src", "action", "formaction", "data").contains(a.getKey())) {
            assertThat(a.getValue().strip().toLowerCase()).as(path + ": a script URL in " + a.getKey()).doesNotStartWith("javascript:");
          }
        }
      }
      assertThat(html.select("script").stream().allMatch(s -> s.attr("src").startsWith("/assets/") && s.data().isBlank()))
          .as(path + ": only our own script files").isTrue();
      assertThat(html.select("iframe, object, embed, base, meta[http-equiv], link[rel=import]")).as(path).isEmpty();
    }

    try (Browser browser = Browser.start()) {
      for (String path : pages.subList(0, Math.min(pages.size(), 40))) {
        browser.open(whole.system.gatewayUrl() + path);
        try {
          String text = browser.driver.switchTo().alert().getText();
          throw new AssertionError("a payload ran at " + path + ": alert(" + text + ")");
        } catch (NoAlertPresentException expected) {
          // nothing ran
        }
        assertThat(browser.consoleErrors().stream().filter(m -> !m.contains("Failed to load resource")).toList())
            .as(path + ": no script refused by the Content-Security-Policy, no script error").isEmpty();
      }
    }
  }

  /** Where a browser would go after following this Location: it drops tabs and newlines and reads "\\" as "/". */
  static boolean onThisSite(String location) {
    String asBrowsed = location.replaceAll("[\t\n\r]", "").replace('\\', '/');
    return asBrowsed.startsWith("/") && !asBrowsed.startsWith("//");
  }

  @Test
  void aCraftedNextLinkNeitherFailsNorSendsTheReaderToAnotherSite() {
    String session = whole.signIn(WholeSystem.ADMIN_EMAIL, WholeSystem.ADMIN_PASSWORD);
    List<String> crafted = List.of("/%09/evil.example/", "/%0a/evil.example/", "/%5Cevil.example", "/%0d%0a/evil.example/", "//evil.example",
        "https://evil.example/", "/%00", "/%E2%80%AE", "/%25zz", "javascript:alert(1)");
    for (String next : crafted) {
      // Signed in already: straight on to next.
      var signedIn = gateway.get("/sign-in?next=" + next, Map.of("Cookie", "mr_session=" + session));
      assertThat(signedIn.status()).as(next).isEqualTo(303);
      assertThat(signedIn.raw().headers().firstValue("Location").orElseThrow()).as(next).satisfies(l -> assertThat(onThisSite(l)).isTrue());
    }
    // Signing in through the form, as a browser posts it (three: sign-ins from one address are rate-limited).
    for (String next : crafted.subList(0, 3)) {
      var form = gateway.get("/sign-in?next=" + next);
      assertThat(form.status()).as(next).isEqualTo(200);
      String cookie = form.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      var fields = Jsoup.parse(form.body()).select("form input[name=csrf]");
      var posted = gateway.postRaw("/sign-in", "application/x-www-form-urlencoded", "csrf=" + fields.attr("value") + "&next=" + next
          + "&email=" + URLEncoder.encode(WholeSystem.ADMIN_EMAIL, StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(WholeSystem.ADMIN_PASSWORD, StandardCharsets.UTF_8), Map.of("Cookie", cookie));
      assertThat(posted.status()).as(next + ": " + posted.body()).isEqualTo(303);
      assertThat(posted.raw().headers().firstValue("Location").orElseThrow()).as(next).satisfies(l -> assertThat(onThisSite(l)).isTrue());
    }
  }

  @Test
  void aSubscribersNumberNeverComesBackInAPageAnAnswerALogLineOrAnEvent() {
    {
      String digits = "7911123459";
      var seen = new ArrayList<String>();
      var api = gateway.post("/api/subscriptions", new NotifyApi.Subscribe("+44 7911 123459", "GB", true, "/"));
      assertThat(api.status()).as(api.body()).isEqualTo(202);
      seen.add(api.body());
      seen.add(gateway.post("/api/subscriptions", new NotifyApi.Subscribe("+44 7911 123459", "GB", true, "/")).body());
      seen.add(gateway.post("/api/subscriptions", new NotifyApi.Subscribe("+44 7911 123459", "GB", false, "/")).body());
      seen.add(gateway.post("/api/subscriptions", new NotifyApi.Subscribe("+44 7911 12345", "GB", true, "/")).body());

      // The page's form, as a browser posts it, and the page it lands on.
      String slug = "number-page";
      gateway.post("/api/articles", ContentApi.ArticleInput.of(slug, "Number Page", "Dek", "Body"), admin);
      gateway.post("/api/articles/" + slug + "/publish", "", admin);
      await().atMost(PATIENCE).until(() -> gateway.get("/articles/" + slug).status() == 200);
      var page = gateway.get("/articles/" + slug);
      String cookie = page.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String csrf = Jsoup.parse(page.body()).select("#sms input[name=csrf]").attr("value");
      var posted = gateway.postRaw("/articles/" + slug + "/subscribe", "application/x-www-form-urlencoded",
          "csrf=" + csrf + "&phone=%2B44+7911+123459&consent=yes", Map.of("Cookie", cookie));
      assertThat(posted.status()).isEqualTo(303);
      String landing = posted.raw().headers().firstValue("Location").orElseThrow();
      assertThat(landing).doesNotContain(digits).contains("notice=subscribed");
      seen.add(gateway.get(landing.replace("#sms", ""), Map.of("Cookie", cookie)).body());
      seen.add(gateway.get("/api/admin/sms/stats", admin).body());
      seen.add(gateway.get("/api/admin/sms/program", admin).body());
      seen.add(gateway.get("/api/admin/campaigns", admin).body());
      seen.add(gateway.get("/", Map.of()).body());
      for (String body : seen) assertThat(body).doesNotContain(digits).doesNotContain("123459");

      await().atMost(PATIENCE).untilAsserted(() ->
          assertThat(gateway.get("/api/admin/sms/stats", admin).as(NotifyApi.Stats.class).activeSubscribers()).isEqualTo(1));
      for (String topic : Topics.ALL) {
        for (var record : TopicProbe.readAll(whole.kafka, topic, Duration.ofSeconds(2), all -> false)) {
          assertThat(record.value()).as(topic).doesNotContain(digits).doesNotContain("123459");
        }
      }
      for (ILoggingEvent line : List.copyOf(logs.list)) {
        String text = line.getFormattedMessage() + (line.getThrowableProxy() == null ? "" : line.getThrowableProxy().getMessage());
        assertThat(text).as("log line from " + line.getLoggerName()).doesNotContain(digits).doesNotContain("123459");
      }
      assertThat(logs.list).as("the logs were captured at all").isNotEmpty();
    }
  }
}
