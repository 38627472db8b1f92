package org.maproom.gateway.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.platform.identity.IdentityToken;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.contracts.http.Problem;
import org.maproom.gateway.Services;
import org.maproom.gateway.web.ReaderIds;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.Problems;
import org.maproom.platform.http.ServiceClient;

/**
 * The reader's pages, rendered on the server from precompiled templates (escaped by default). An article page needs
 * content-service; counters and comments are extras: if their service does not answer, the page still renders.
 */
public final class PageRoutes {
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Services services;
  private final ReaderIds readers;
  private final String publication;

  private final IdentityToken tokens;

  public PageRoutes(Services services, ReaderIds readers, String publication, IdentityToken tokens) {
    this.tokens = tokens;
    this.services = services;
    this.readers = readers;
    this.publication = publication;
  }

  public Api register(Api api) {
    return api
        .get("/", p -> page(services.content().get("/articles", Optional.empty(), ContentApi.ArticleList.class)
            .thenApply(list -> render("front.jte", Map.of("publication", publication, "articles", list.items())))))
        .get("/articles/{slug}", p -> readers.withReaderId(reader -> visit(reader, view -> articlePage(p.get("slug"), view))))
        // The link in every text: GET only shows the button (link previews must not unsubscribe anyone), POST does it.
        .get("/u/{token}", p -> Directives.complete(htmlResponse(200, unsubscribePage(p.get("token"), "ask"))))
        .post("/u/{token}", p -> unsubscribe(p.get("token")))
        .get("/feed.atom", p -> Directives.onSuccess(services.content().fetch("/feed.atom"), Directives::complete))
        .get("/feed.rss", p -> Directives.onSuccess(services.content().fetch("/feed.rss"), Directives::complete))
        .get("/sitemap.xml", p -> Directives.onSuccess(services.content().fetch("/sitemap.xml"), Directives::complete))
        .get("/assets/site.css", p -> Directives.getFromResource("assets/site.css", ContentTypes.create(
            org.apache.pekko.http.javadsl.model.MediaTypes.TEXT_CSS, org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)));
  }

  /** The view this request is: who, with which browser, from where (the link's utm_source or ref, else the Referer). */
  private static Route visit(String readerId, java.util.function.Function<EngagementApi.RecordView, Route> inner) {
    return Directives.optionalHeaderValueByName("User-Agent", ua -> Directives.optionalHeaderValueByName("Referer", referer ->
        Directives.parameterOptional("utm_source", utm -> Directives.parameterOptional("ref", ref ->
            inner.apply(new EngagementApi.RecordView(readerId, ua.orElse(null), referer.orElse(null), utm.or(() -> ref).orElse(null)))))));
  }

  /** A retired slug answers 301 to the article's current address, forever. */
  private Route articlePage(String slug, EngagementApi.RecordView view) {
    var target = services.content().get("/slugs/" + ServiceClient.segment(slug), Optional.empty(), ContentApi.SlugTarget.class);
    return Directives.onComplete(target, t -> {
      if (t.isSuccess() && !t.get().slug().equals(slug)) {
        return Directives.redirect(Uri.create("/articles/" + ServiceClient.segment(t.get().slug())), StatusCodes.MOVED_PERMANENTLY);
      }
      return page(t.isSuccess() ? article(t.get().articleId(), view) : java.util.concurrent.CompletableFuture.failedFuture(t.failed().get()));
    });
  }

  private CompletionStage<String> article(String articleId, EngagementApi.RecordView view) {
    String path = "/articles/" + ServiceClient.segment(articleId);
    var article = services.content().get(path, Optional.empty(), ContentApi.Article.class);
    var counters = article.thenCompose(a -> services.engagement()
            .post(path + "/views", view, Optional.empty(), EngagementApi.Counters.class))
        .handle((c, failure) -> c);
    var comments = services.moderation().get(path + "/comments", Optional.empty(), ModerationApi.CommentList.class)
        .handle((c, failure) -> c == null ? null : c.items());
    return article.thenCompose(a -> counters.thenCombine(comments, (c, list) -> render("article.jte", Map.of("page",
        new ArticlePage(publication, a, c, list, tokens.pageToken(articleId, view.readerId()))))));
  }

  private Route unsubscribe(String token) {
    var left = services.notifications().post("/subscriptions/unsubscribe-link", new NotifyApi.UnsubscribeLink(token), Optional.empty(),
        NotifyApi.Accepted.class);
    return Directives.onComplete(left, result -> {
      if (result.isSuccess()) return Directives.complete(htmlResponse(200, unsubscribePage(token, "done")));
      int status = Problems.fromFailure(result.failed().get()).status();
      if (status == 410) return Directives.complete(htmlResponse(410, unsubscribePage(token, "used")));
      if (status == 404 || status == 400) return Directives.complete(htmlResponse(404, unsubscribePage(token, "unknown")));
      return page(java.util.concurrent.CompletableFuture.failedFuture(result.failed().get()));
    });
  }

  private String unsubscribePage(String token, String state) {
    return render("unsubscribe.jte", Map.of("publication", publication, "token", token, "state", state));
  }

  private Route page(CompletionStage<String> html) {
    return Directives.onComplete(html, result -> {
      if (result.isSuccess()) return Directives.complete(htmlResponse(200, result.get()));
      Problem problem = Problems.fromFailure(result.failed().get());
      String detail = problem.status() == 404 ? "There is nothing at this address." : "Please try again in a moment.";
      String title = problem.status() == 404 ? "Not found" : "Something went wrong";
      return Directives.complete(htmlResponse(problem.status(), render("error.jte",
          Map.of("publication", publication, "status", problem.status(), "title", title, "detail", detail))));
    });
  }

  private static HttpResponse htmlResponse(int status, String html) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html));
  }

  private static String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, params, out);
    return out.toString();
  }


}
