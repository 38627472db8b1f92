package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.gateway.pages.Assets;
import org.maproom.testkit.EmailLinks;
import org.maproom.testkit.JsonHttp;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The reader's, moderator's and writer's stories in real headless chromium against the whole system (four services
 * on PostgreSQL, the embedded Kafka broker, the gateway): each browser has its own cookies, so each is its own reader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserStoriesTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final String ADMIN_EMAIL = WholeSystem.ADMIN_EMAIL;
  static final String ADMIN_PASSWORD = WholeSystem.ADMIN_PASSWORD;
  static WholeSystem whole;
  static LocalSystem system;
  static JsonHttp gateway;
  static Map<String, String> admin;
  static String slug;
  static String kind;
  static Browser reader;
  static Browser tapper;
  static Browser moderator;

  @BeforeAll
  static void start() {
    whole = new WholeSystem();
    system = whole.system;
    gateway = whole.gateway;
    admin = WholeSystem.bearer(whole.signIn(ADMIN_EMAIL, ADMIN_PASSWORD));
    var input = new ContentApi.ArticleInput(null, "Maps Lie Politely", "On projections and their manners.", "Commentary", null,
        "Every flat map *distorts* something.", null, null,
        new ContentApi.PollInput("Which projection do you trust?", List.of("Mercator", "Robinson", "None of them"), null),
        new ContentApi.Promo("The atlas, new edition", "$17.76", "$30.00", 41, "https://example.org/atlas"), null);
    var created = gateway.post("/api/articles", input, admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    slug = created.as(ContentApi.Article.class).slug();
    assertThat(gateway.post("/api/articles/" + slug + "/publish", "", admin).status()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> gateway.get("/api/articles/" + slug + "/counters").status() == 200);
    reader = Browser.start();
    tapper = Browser.start();
    moderator = Browser.start();
  }

  @AfterAll
  static void stop() {
    for (Browser b : new Browser[] {reader, tapper, moderator}) if (b != null) b.close();
    if (whole != null) whole.close();
  }

  static String article() {
    return system.gatewayUrl() + "/articles/" + slug;
  }

  /** Creates an account with the form, follows the emailed link, and signs in, landing back on the article. */
  static void signUpConfirmAndSignIn(Browser b, String name, String email, String password) {
    b.open(system.gatewayUrl() + "/sign-up");
    b.type("#displayName", name);
    b.type("#email", email);
    b.type("#password", password);
    b.find("main form button[type=submit]").click();
    b.waitForText("main", "We sent a link");
    String token = await().atMost(PATIENCE).until(() -> EmailLinks.newestVerifyToken(gateway, admin), t -> t != null);
    b.open(system.gatewayUrl() + "/verify-email?token=" + token);
    b.find("main form button").click();
    b.waitForText("main", "you can comment now");
    b.open(system.gatewayUrl() + "/sign-in?next=/articles/" + slug);
    b.type("#email", email);
    b.type("#password", password + Keys.ENTER);
    b.waitFor("#comment-body");
  }

  /** Waits until the page's script has taken over (it enables the buttons it drives). */
  static void scripted(Browser b) {
    await().atMost(PATIENCE).until(() -> b.find(".reaction").isEnabled());
  }

  @Test
  @Order(1)
  void aReaderSeesTheCountersMoveWhenAnotherTapsAndTakesItBack() {
    reader.open(article());
    tapper.open(article());
    scripted(reader);
    scripted(tapper);
    assertThat(reader.text("h1")).isEqualTo("Maps Lie Politely");
    assertThat(reader.text(".promo")).contains("The atlas, new edition").contains("$17.76").contains("41% off");
    kind = tapper.find(".reaction").getAttribute("data-kind");
    String count = "[data-reaction='" + kind + "']";
    assertThat(reader.text(count)).isEqualTo("0");

    tapper.find(".reaction").click();
    assertThat(tapper.text(count)).as("a tap shows at once").isEqualTo("1");
    await().atMost(PATIENCE).until(() -> "true".equals(tapper.find(".reaction").getAttribute("aria-pressed")));
    reader.waitForText(count, "1");

    tapper.find(".reaction").click();
    await().atMost(PATIENCE).until(() -> reader.text(count).equals("0"));
    await().atMost(PATIENCE).until(() -> "false".equals(tapper.find(".reaction").getAttribute("aria-pressed")));
    // Both tabs are visible and beat: two readers reading now, two reached.
    await().atMost(PATIENCE).until(() -> reader.text("[data-counter=readingNow]").equals("2"));
    assertThat(reader.text("[data-counter=reach]")).isEqualTo("2");
  }

  @Test
  @Order(2)
  void aReaderVotesAndSeesTheResults() {
    assertThat(tapper.all(".poll .result").stream().noneMatch(r -> r.isDisplayed())).as("no results before voting").isTrue();
    tapper.find(".poll .vote").click();
    await().atMost(PATIENCE).until(() -> tapper.find(".poll .result").isDisplayed()
        && tapper.find(".poll .result").getText().contains("100% (1)"));
    assertThat(tapper.find(".poll .vote").getAttribute("aria-pressed")).isEqualTo("true");
    tapper.all(".poll .vote").get(1).click();
    await().atMost(PATIENCE).until(() -> tapper.all(".poll .result").get(1).getText().contains("100% (1)"));
    assertThat(tapper.find(".poll .result").getText()).contains("0% (0)");
  }

  @Test
  @Order(3)
  void aShareIsCountedForEveryone() {
    String before = reader.text("[data-counter=shares]");
    assertThat(before).isEqualTo("0");
    tapper.find("a[data-share=email]").click();
    reader.waitForText("[data-counter=shares]", "1");
    var counters = gateway.get("/api/articles/" + slug + "/counters").json();
    assertThat(counters.path("sharesByChannel").path("email").asLong()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void aReaderLeavesANumberAndNeverSeesItAgain() {
    tapper.type("#sms-phone", "+44 7911 123457");
    tapper.find("#sms input[name=consent]").click();
    tapper.find("#sms button[type=submit]").click();
    tapper.waitForText("#sms", "you're on the list");
    assertThat(tapper.driver.getPageSource()).doesNotContain("7911").doesNotContain("123457");
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(gateway.get("/api/admin/sms/stats", admin).as(NotifyApi.Stats.class).activeSubscribers()).isEqualTo(1));
  }

  @Test
  @Order(5)
  void aReaderCommentsAndAModeratorApprovesItLiveForOthers() {
    signUpConfirmAndSignIn(tapper, "Tess Tapper", "tess@example.org", "tess's long password");
    String comment = "Robinson is the honest compromise.";
    tapper.type("#comment-body", comment);
    tapper.find(".comment-form button").click();
    tapper.waitForText(".comment.pending", "awaiting moderation");
    assertThat(tapper.text(".comment.pending .text")).isEqualTo(comment);
    reader.open(article());
    scripted(reader);
    assertThat(reader.all(".comment-list .comment")).as("pending is for its author's eyes only").isEmpty();
    assertThat(reader.all(".comment.pending")).isEmpty();

    moderator.open(system.gatewayUrl() + "/sign-in?next=/console/moderate");
    moderator.type("#email", ADMIN_EMAIL);
    moderator.type("#password", ADMIN_PASSWORD);
    moderator.find("main form button[type=submit]").click();
    moderator.waitForText("#m-queue", comment);
    moderator.find("#m-queue li").click();
    new Actions(moderator.driver).sendKeys("a").perform();
    moderator.waitForText("#m-status", "Approved");
    moderator.waitForText("#m-log", "approved");

    reader.waitForText(".comment-list", comment);
    assertThat(reader.text(".comment-list .author")).isEqualTo("Tess Tapper");
    reader.waitForText("[data-counter=comments]", "1");
  }

  @Test
  @Order(6)
  void theWriterPublishesFromTheConsoleAndItIsOnTheFrontPage() {
    moderator.open(system.gatewayUrl() + "/console/write");
    moderator.type("#w-title", "Fresh From The Console");
    moderator.type("#w-dek", "Written in the browser.");
    moderator.type("#w-body", "A *new* piece.");
    moderator.waitForText("#w-preview", "new piece");
    moderator.find("button[value=publish]").click();
    moderator.waitForText("#w-status", "Published: /articles/fresh-from-the-console");
    await().atMost(PATIENCE).untilAsserted(() -> {
      reader.open(system.gatewayUrl() + "/");
      assertThat(reader.text("main")).contains("Fresh From The Console").contains("Maps Lie Politely");
    });
  }

  @Test
  @Order(7)
  void theWriterEditsAPublishedPieceComparesRevisionsAndRestoresOne() throws Exception {
    moderator.open(system.gatewayUrl() + "/console/write");
    moderator.waitForText("#w-published", "Fresh From The Console");
    moderator.all("#w-published li").stream().filter(li -> li.getText().contains("Fresh From The Console")).findFirst().orElseThrow()
        .findElement(org.openqa.selenium.By.xpath(".//button[text()='Edit']")).click();
    moderator.waitForText("#w-editing", "revision 1");
    assertThat(moderator.find("#w-body").getAttribute("value")).isEqualTo("A *new* piece.");
    moderator.type("#w-title", "Fresher From The Console");
    moderator.type("#w-body", "A *newer* piece.");
    moderator.type("#w-reason", "A better title");
    moderator.find("button[value=draft]").click();
    moderator.waitForText("#w-editing", "revision 2");
    moderator.waitForText("#w-revisions", "A better title");
    await().atMost(PATIENCE).untilAsserted(() -> {
      reader.open(system.gatewayUrl() + "/articles/fresh-from-the-console");
      assertThat(reader.text("h1")).isEqualTo("Fresher From The Console");
    });

    // Compare revision 1 with now, then put revision 1 back: a third revision with the first text.
    var first = moderator.all("#w-revisions li").stream().filter(li -> li.getText().startsWith("Revision 1 ")).findFirst().orElseThrow();
    first.findElement(org.openqa.selenium.By.xpath(".//button[text()='Compare with now']")).click();
    moderator.waitForText("#w-diff", "title: Fresh From The Console → Fresher From The Console");
    assertThat(moderator.text("#w-diff .removed")).contains("A *new* piece.");
    assertThat(moderator.text("#w-diff .added")).contains("A *newer* piece.");
    first.findElement(org.openqa.selenium.By.xpath(".//button[text()='Restore']")).click();
    moderator.waitForText("#w-status", "Restored revision 1 as revision 3.");
    moderator.waitForText("#w-editing", "revision 3");
    assertThat(moderator.find("#w-title").getAttribute("value")).isEqualTo("Fresh From The Console");
    await().atMost(PATIENCE).untilAsserted(() -> {
      reader.open(system.gatewayUrl() + "/articles/fresh-from-the-console");
      assertThat(reader.text("h1")).isEqualTo("Fresh From The Console");
    });

    // The stats of the piece the readers have been reading: its hours charted, and the numbers beside.
    moderator.all("#w-published li").stream().filter(li -> li.getText().contains("Maps Lie Politely")).findFirst().orElseThrow()
        .findElement(org.openqa.selenium.By.xpath(".//button[text()='Stats']")).click();
    moderator.waitFor("#w-stats svg.chart-svg rect.bar");
    assertThat(moderator.all("#w-stats svg circle.dot")).as("a dot for each hour's readers").isNotEmpty();
    assertThat(Double.parseDouble(moderator.find("#w-stats svg rect.bar").getAttribute("height"))).as("the bar shows the views").isGreaterThan(0);
    assertThat(moderator.find("#w-stats svg title").getAttribute("textContent")).startsWith("Views and readers per hour");
    assertThat(moderator.screenshot("writer-console", 1280)).exists();
    long views = gateway.get("/api/articles/" + slug + "/counters").as(org.maproom.contracts.http.EngagementApi.Counters.class).views();
    var history = gateway.get("/api/articles/" + slug + "/history", admin).as(org.maproom.contracts.http.EngagementApi.History.class);
    assertThat(history.hours()).isNotEmpty();
    assertThat(history.hours().stream().mapToLong(h -> h.views()).sum()).as("every view is in some hour").isEqualTo(views);
    assertThat(history.hours().get(history.hours().size() - 1).readers()).isGreaterThanOrEqualTo(2);
    assertThat(gateway.get("/api/articles/" + slug + "/history").status()).as("a visitor's answer").isEqualTo(401);
  }

  @Test
  @Order(8)
  void theOperatorSeesTheListEachCampaignAndTheServices() {
    moderator.open(system.gatewayUrl() + "/console/operate");
    moderator.waitForText("#o-program", "numbers on the list");
    assertThat(moderator.find("#o-live").isSelected()).as("live in dev and tests").isTrue();
    await().atMost(PATIENCE).until(() -> {
      String campaigns = moderator.text("#o-campaigns");
      return (campaigns.contains("Maps Lie Politely") || campaigns.contains(slug)) && campaigns.contains(" sent");
    });
    for (String service : List.of("content-service", "engagement-service", "moderation-service", "notify-service")) {
      moderator.waitForText("#o-health", service + ": answering");
    }
    tapper.open(system.gatewayUrl() + "/console/operate");
    assertThat(tapper.text("h1")).as("a reader is not an operator").isEqualTo("Not allowed");
  }

  @Test
  @Order(10)
  void theArticlePageFitsWideAndNarrowScreensWithoutErrors() throws Exception {
    reader.open(article());
    scripted(reader);
    assertThat(reader.screenshot("article", 1280)).exists();
    assertThat(reader.screenshot("article", 375)).exists();
    reader.driver.manage().window().setSize(new org.openqa.selenium.Dimension(360, 800));
    long overflow = (Long) reader.driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(overflow).as("nothing wider than a 360 px screen").isLessThanOrEqualTo(0);
    reader.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    assertThat(reader.consoleErrors()).as("no script errors, no Content-Security-Policy refusals").isEmpty();
    assertThat(Assets.scriptAndStyleBytes()).as("JS and CSS together").isLessThan(50 * 1024);
  }

  @Test
  @Order(9)
  @SuppressWarnings("unchecked")
  void everyPageHasReadableContrastAndTheKeyboardReachesEveryControlInOrder() {
    // Signed-in reader (story 5) and moderator (an admin): the pages with the most on them.
    for (String page : List.of(article(), system.gatewayUrl() + "/", system.gatewayUrl() + "/account")) {
      reader.open(page);
      assertThat((List<String>) reader.accessibility("contrastFailures")).as("WCAG AA contrast on " + page).isEmpty();
    }
    // The check sees faint text when there is some.
    reader.driver.executeScript("const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#c8c8c8';"
        + " document.querySelector('main').append(p);");
    assertThat((List<String>) reader.accessibility("contrastFailures")).singleElement().asString().contains("\"faint\"");
    try (Browser visitor = Browser.start()) {
      for (String page : List.of("/sign-in", "/sign-up", "/articles/" + slug, "/no-such-page")) {
        visitor.open(system.gatewayUrl() + page);
        assertThat((List<String>) visitor.accessibility("contrastFailures")).as("WCAG AA contrast on " + page).isEmpty();
      }
    }
    for (String console : List.of("/console/write", "/console/moderate", "/console/operate")) {
      moderator.open(system.gatewayUrl() + console);
      moderator.waitFor("main h1");
      assertThat((List<String>) moderator.accessibility("contrastFailures")).as("WCAG AA contrast on " + console).isEmpty();
    }

    // Tab from the top of the article page visits every control, in the order they are read, each visibly focused.
    reader.open(article());
    scripted(reader);
    List<String> controls = (List<String>) reader.accessibility("tabbable");
    assertThat(controls).hasSizeGreaterThan(20);
    List<String> visited = new java.util.ArrayList<>();
    for (int i = 0; i < controls.size(); i++) {
      reader.tab();
      Map<String, Object> focus = (Map<String, Object>) reader.accessibility("focused");
      assertThat(focus).as("Tab " + (i + 1) + " focuses something").isNotNull();
      assertThat(focus.get("visible")).as("focus is visible on " + focus.get("what")).isEqualTo(true);
      assertThat(focus.get("positive")).as("no tabindex above 0 reorders " + focus.get("what")).isEqualTo(false);
      visited.add((String) focus.get("what"));
    }
    assertThat(visited.get(0)).as("the first Tab reaches the skip link").contains("#main");
    assertThat(visited).as("Tab follows the page's order and skips nothing").isEqualTo(controls);
  }

  @Test
  @Order(11)
  void withoutJavaScriptReadingSigningUpAndCommentingStillWork() {
    try (Browser plain = Browser.withoutJavaScript()) {
      plain.open(article());
      assertThat(plain.text("h1")).isEqualTo("Maps Lie Politely");
      assertThat(plain.text(".body")).contains("Every flat map distorts something.");
      assertThat(plain.text("[data-counter=reach]")).matches("[0-9]+");
      assertThat(plain.text(".comment-list")).contains("Robinson is the honest compromise.");

      plain.type("#sms-phone", "+44 7911 123458");
      plain.find("#sms input[name=consent]").click();
      plain.find("#sms button[type=submit]").click();
      plain.waitForText("#sms", "you're on the list");

      signUpConfirmAndSignIn(plain, "Plain Reader", "plain@example.org", "a plain long password");
      plain.type("#comment-body", "Read and written without a script.");
      plain.find(".comment-form button").click();
      plain.waitForText(".comment.pending", "awaiting moderation");
      plain.open(system.gatewayUrl() + "/account");
      assertThat(plain.find("#displayName").getAttribute("value")).isEqualTo("Plain Reader");
    }
  }
}
