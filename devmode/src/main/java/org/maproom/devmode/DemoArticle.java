package org.maproom.devmode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.testkit.JsonHttp;

/** Seeds the demo article through the gateway's public API, as a writer would: sign in, create, publish. */
final class DemoArticle {
  static final String SLUG = "welcome-to-the-map-room";

  private DemoArticle() {}

  static String seed(String gatewayUrl, String email, String password) {
    JsonHttp http = new JsonHttp(gatewayUrl);
    var session = retry(() -> http.post("/api/sessions", new ModerationApi.SignIn(email, password)), 201);
    String token = session.as(ModerationApi.Session.class).token();
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    var created = retry(() -> http.post("/api/articles", ARTICLE, auth), 201, 409);
    if (created.status() == 201) retry(() -> http.post("/api/articles/" + SLUG + "/publish", "", auth), 200);
    // "Up" means readable: the page answers once content-service's read model has the article (404 until then).
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // Asked as a bot, so that the check is not counted as a reader's view.
    while (http.get("/articles/" + SLUG, Map.of("User-Agent", "maproom-dev readiness check (bot)")).status() != 200) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the demo article never became readable");
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return SLUG;
  }

  private static JsonHttp.Response retry(java.util.function.Supplier<JsonHttp.Response> call, int... ok) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonHttp.Response last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      for (int status : ok) if (last.status() == status) return last;
      if (last.status() < 500) break;
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("seeding the demo article failed: " + (last == null ? "no answer" : last.status() + " " + last.body()));
  }

  static final ContentApi.ArticleInput ARTICLE = new ContentApi.ArticleInput(DemoArticle.SLUG, DemoArticle.TITLE,
      DemoArticle.DEK, "Commentary", List.of("independence", "publishing"), DemoArticle.BODY, null, null,
      new ContentApi.PollInput("Who should own a writer's readers?", List.of("The writer", "The platform", "Nobody"), null),
      new ContentApi.Promo("The Map Room, the book: 41% off at launch", "$17.76", "$29.99", 41, "https://example.org/book"),
      null);

  static final String TITLE = "Welcome to the Map Room";
  static final String DEK = "Why a writer should own the whole press, from the first draft to the last text message.";
  static final String BODY = """
      Every platform that ever carried a writer's work eventually asked for something back: a cut of the
      revenue, a say over the reach, a claim on the readers' attention. **The Map Room** starts from the
      other end. The writer owns the site, the list and the record of every conversation on it.

      ## What you are looking at

      This page was rendered by the gateway from four services that never share a database:

      | service | owns |
      |---|---|
      | content | articles, drafts and their publication |
      | engagement | the counters above, counted once per acknowledged view |
      | moderation | accounts, comments and every moderation decision |
      | notify | the numbers of readers who asked for a text when a piece goes live |

      They speak to each other only through events on Kafka, and each event is published from the journal
      of the service that owns it, so nothing a reader was told happened can silently go missing.

      ## The promises

      1. Comments come from real, signed-in profiles and appear only after a moderator approves them.
      2. A number left for texts is stored encrypted, shown back only as its last two digits, and texted
         once per article: never twice, not even after a crash.
      3. The counters mean what they say.

      > A map is only useful if you know who drew it. Here, you do.
      """;
}
