package org.maproom.gateway.pages;

import static org.maproom.platform.http.ServiceClient.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.gateway.Services;
import org.maproom.gateway.web.Visitors.Visitor;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.Problems;

/**
 * The reader's pages. An article page needs content-service; counters, comments, "read next" and the site's blocks
 * are extras: if their service does not answer, the page still renders without them. Its forms (SMS sign-up,
 * comment) post and redirect back, so they work without JavaScript.
 */
public final class PageRoutes {
  /** What a redirect back to the article may ask it to say (anything else is ignored). */
  private static final Set<String> NOTICES = Set.of("subscribed", "sms-invalid", "sms-consent", "sms-unavailable",
      "comment-posted", "comment-failed");
  private final Services services;
  private final Pages pages;
  private final ArticlePages articles;
  private final PageCache cache;
  private final String smsRegion;

  public PageRoutes(Services services, Pages pages, ArticlePages articles, PageCache cache, String smsRegion) {
    this.services = services;
    this.pages = pages;
    this.articles = articles;
    this.cache = cache;
    this.smsRegion = smsRegion;
  }

  public Api register(Api api) {
    return api
        .get("/", p -> pages.visitor(v -> pages.render(v, front(v))))
        .get("/articles/{slug}", p -> pages.visitor(v -> Directives.parameterOptional("order", order ->
            Directives.parameterOptional("notice", notice -> Directives.parameterOptional("posted", posted -> visit(v, view ->
                articlePage(v, p.get("slug"), "newest".equals(order.orElse(null)) ? "newest" : "oldest",
                    notice.filter(NOTICES::contains).orElse(null), posted.orElse(null), view)))))))
        .post("/articles/{slug}/subscribe", p -> pages.visitor(v -> pages.form(v, form -> subscribe(v, p.get("slug"), form))))
        .post("/articles/{slug}/comments", p -> pages.visitor(v -> pages.form(v, form -> comment(v, p.get("slug"), form))))
        // The link in every text: GET only shows the button (link previews must not unsubscribe anyone), POST does it.
        // The unguessable token in the address is what makes the POST genuine; it needs no form token.
        .get("/u/{token}", p -> pages.visitor(v -> unsubscribePage(v, 200, p.get("token"), "ask")))
        .post("/u/{token}", p -> pages.visitor(v -> unsubscribe(v, p.get("token"))))
        .get("/feed.atom", p -> Directives.onSuccess(services.content().fetch("/feed.atom"), Directives::complete))
        .get("/feed.rss", p -> Directives.onSuccess(services.content().fetch("/feed.rss"), Directives::complete))
        .get("/sitemap.xml", p -> Directives.onSuccess(services.content().fetch("/sitemap.xml"), Directives::complete))
        .get("/assets/{file}", p -> Assets.serve(p.get("file")))
        // Scripts asking the API for something that is not there get a problem document; people get the site's page.
        .fallback(Directives.get(() -> Directives.extractUnmatchedPath(path -> path.startsWith("/api/") ? Directives.reject()
            : pages.visitor(v -> pages.error(v, org.maproom.platform.http.ProblemException.notFound(""))))));
  }

  /** Latest articles, grouped by section in the order their newest article appears. */
  private CompletionStage<String> front(Visitor v) {
    return cache.get("front", () -> services.content().get("/articles", Optional.empty(), ContentApi.ArticleList.class))
        .thenApply(list -> {
          Map<String, List<ContentApi.ArticleSummary>> sections = new LinkedHashMap<>();
          for (var a : list.items()) {
            sections.computeIfAbsent(a.section() == null || a.section().isBlank() ? "Latest" : a.section(), s -> new java.util.ArrayList<>()).add(a);
          }
          return Pages.renderToString("front.jte", Map.of("frame", pages.frame("Latest", v), "sections", sections));
        });
  }

  /** The view this request is: who, with which browser, from where (the link's utm_source or ref, else the Referer). */
  private static Route visit(Visitor v, java.util.function.Function<EngagementApi.RecordView, Route> inner) {
    return Directives.optionalHeaderValueByName("Referer", referer ->
        Directives.parameterOptional("utm_source", utm -> Directives.parameterOptional("ref", ref ->
            inner.apply(new EngagementApi.RecordView(v.readerId(), v.userAgent(), referer.orElse(null), utm.or(() -> ref).orElse(null), v.ip())))));
  }

  /** A retired slug answers 301 to the article's current address, forever. */
  private Route articlePage(Visitor v, String slug, String order, String notice, String posted, EngagementApi.RecordView view) {
    return Directives.onComplete(articles.articleId(slug), t -> {
      if (t.isFailure()) return pages.error(v, t.failed().get());
      if (!t.get().slug().equals(slug)) {
        return Directives.redirect(Uri.create("/articles/" + segment(t.get().slug())), StatusCodes.MOVED_PERMANENTLY);
      }
      return pages.serve(v, articles.page(v, t.get().articleId(), order, notice, posted, view));
    });
  }

  private Route subscribe(Visitor v, String slug, Map<String, String> form) {
    var body = new NotifyApi.Subscribe(form.get("phone"), smsRegion, "yes".equals(form.get("consent")),
        "/articles/" + slug, v.ip(), v.userAgent());
    var sent = services.notifications().post("/subscriptions", body, Optional.empty(), NotifyApi.Subscribed.class);
    return Directives.onComplete(sent, result -> {
      String notice = "subscribed";
      if (result.isFailure()) {
        var problem = Problems.fromFailure(result.failed().get());
        notice = problem.status() >= 500 ? "sms-unavailable" : "Consent needed".equals(problem.title()) ? "sms-consent" : "sms-invalid";
      }
      return Pages.seeOther("/articles/" + segment(slug) + "?notice=" + notice + "#sms");
    });
  }

  private Route comment(Visitor v, String slug, Map<String, String> form) {
    if (v.identity().isEmpty()) return Pages.seeOther("/sign-in?next=" + segment("/articles/" + slug + "#comments"));
    var posted = articles.articleId(slug).thenCompose(target -> services.moderation().post("/articles/" + segment(target.articleId()) + "/comments",
        new ModerationApi.SubmitComment(form.get("body"), null), v.identity(), ModerationApi.Comment.class));
    return Directives.onComplete(posted, result -> {
      if (result.isFailure() && Problems.fromFailure(result.failed().get()).status() >= 500) return pages.error(v, result.failed().get());
      return Pages.seeOther("/articles/" + segment(slug) + (result.isSuccess()
          ? "?notice=comment-posted&posted=" + segment(result.get().id()) : "?notice=comment-failed") + "#comments");
    });
  }

  private Route unsubscribe(Visitor v, String token) {
    var left = services.notifications().post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(token), Optional.empty(),
        NotifyApi.Accepted.class);
    return Directives.onComplete(left, result -> {
      if (result.isSuccess()) return unsubscribePage(v, 200, token, "done");
      int status = Problems.fromFailure(result.failed().get()).status();
      if (status == 410) return unsubscribePage(v, 410, token, "used");
      if (status == 404 || status == 400) return unsubscribePage(v, 404, token, "unknown");
      return pages.error(v, result.failed().get());
    });
  }

  private Route unsubscribePage(Visitor v, int status, String token, String state) {
    return pages.render(status, "unsubscribe.jte", Map.of("frame", pages.frame("Stop the texts", v), "token", token, "state", state));
  }
}
