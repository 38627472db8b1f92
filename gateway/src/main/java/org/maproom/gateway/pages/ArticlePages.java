package org.maproom.gateway.pages;

import static org.maproom.platform.http.ServiceClient.segment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.gateway.Services;
import org.maproom.gateway.web.Visitors.Visitor;
import org.maproom.platform.identity.IdentityToken;

/**
 * The article page, built for a viral hour. What it shows from content- and moderation-service is shared between
 * readers for the page cache's time; from it the page is rendered once per order of comments and notice into a
 * {@link PageShape}, and each reader gets that shape filled with their tokens and the counters after their own view
 * (counted through the {@link ViewBatcher}). A signed-in reader's page (their name, their pending comments) is shaped
 * for them alone.
 */
public final class ArticlePages {
  private static final int MAX_SHAPES = 5_000;

  /** What the page shows that is the same for every reader. */
  private record Parts(ContentApi.Article article, ContentApi.Site site, List<ContentApi.ArticleSummary> readNext,
      ModerationApi.CommentList comments) {}

  /** A shape and the parts it was rendered from: when the cache loads new parts, the shape is rendered again. */
  private record Shaped(Parts parts, PageShape shape) {}

  private final Services services;
  private final Pages pages;
  private final IdentityToken tokens;
  private final PageCache cache;
  private final ViewBatcher views;
  private final String baseUrl;
  private final Map<String, Shaped> shapes = new ConcurrentHashMap<>();

  public ArticlePages(Services services, Pages pages, IdentityToken tokens, PageCache cache, String baseUrl) {
    this.services = services;
    this.pages = pages;
    this.tokens = tokens;
    this.cache = cache;
    this.views = new ViewBatcher(services.engagement());
    this.baseUrl = baseUrl;
  }

  /** The article a slug names now (its current slug may differ: the page then redirects). */
  public CompletionStage<ContentApi.SlugTarget> articleId(String slug) {
    return cache.get("slug:" + slug, () -> services.content().get("/slugs/" + segment(slug), Optional.empty(), ContentApi.SlugTarget.class));
  }

  /** The page for this reader, once their view is counted (or engagement-service failed to count it: "—"). */
  public CompletionStage<PageShape.Filled> page(
      Visitor v, String articleId, String order, String notice, String posted, EngagementApi.RecordView view) {
    var parts = parts(articleId, order);
    var counters = parts.thenCompose(p -> views.record(articleId, view)).handle((c, failure) -> c);
    var mine = myPending(v, articleId, posted, 10);
    return parts.thenCompose(p -> counters.thenCombine(mine, (c, pending) -> shape(v, p, order, notice, pending).fill(
        ArticlePage.holeValues(c, reactionKinds(p), v.formToken(), tokens.pageToken(articleId, v.readerId())))));
  }

  private CompletionStage<Parts> parts(String articleId, String order) {
    return cache.get("article:" + articleId + ":" + order, () -> {
      String path = "/articles/" + segment(articleId);
      var article = services.content().get(path, Optional.empty(), ContentApi.Article.class);
      var site = optional(services.content().get("/site", Optional.empty(), ContentApi.Site.class));
      var readNext = optional(services.content().get(path + "/read-next", Optional.empty(), ContentApi.ArticleList.class));
      var comments = optional(services.moderation().get(path + "/comments?order=" + order, Optional.empty(), ModerationApi.CommentList.class));
      return article.thenCompose(a -> site.thenCompose(s -> readNext.thenCompose(next -> comments.thenApply(list ->
          new Parts(a, s, next == null ? null : next.items(), list)))));
    });
  }

  /** A visitor who is not signed in gets the shape every such visitor gets, rendered again only when the parts change. */
  private PageShape shape(Visitor v, Parts parts, String order, String notice, List<ModerationApi.Comment> pending) {
    if (v.signedIn().isPresent()) return render(v, parts, order, notice, pending);
    String key = parts.article().id() + ":" + order + ":" + notice;
    Shaped shaped = shapes.get(key);
    if (shaped != null && shaped.parts() == parts) return shaped.shape();
    if (shapes.size() >= MAX_SHAPES) shapes.clear();
    PageShape shape = render(v, parts, order, notice, pending);
    shapes.put(key, new Shaped(parts, shape));
    return shape;
  }

  private PageShape render(Visitor v, Parts p, String order, String notice, List<ModerationApi.Comment> pending) {
    var frame = new Frame(pages.publication(), p.article().title(), v.signedIn(), ArticlePage.formTokenHole());
    var page = new ArticlePage(frame, p.article(), p.site(), p.comments(), order, pending, p.readNext(),
        baseUrl + "/articles/" + p.article().slug(), notice);
    return PageShape.of(Pages.renderToString("article.jte", Map.of("page", page)));
  }

  private static List<String> reactionKinds(Parts p) {
    return p.site() == null || p.site().reactionKinds() == null ? List.of() : p.site().reactionKinds();
  }

  /**
   * The signed-in reader's own comments on this article that a moderator has not seen yet: for their eyes only.
   * Right after posting ({@code posted}: its id), moderation-service's list of the author's comments may not have it
   * yet; it is asked again, briefly, so that the author sees what they just wrote.
   */
  private CompletionStage<List<ModerationApi.Comment>> myPending(Visitor v, String articleId, String posted, int tries) {
    if (v.identity().isEmpty()) return CompletableFuture.completedFuture(List.of());
    return services.moderation().get("/accounts/me/data", v.identity(), ModerationApi.DataExport.class)
        .thenCompose(data -> {
          if (posted != null && tries > 1 && data.comments().stream().noneMatch(c -> posted.equals(c.id()))) {
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                .thenCompose(later -> myPending(v, articleId, posted, tries - 1));
          }
          return CompletableFuture.completedFuture(data.comments().stream()
              .filter(c -> articleId.equals(c.articleId()) && "pending".equals(c.status())).toList());
        })
        .exceptionally(failure -> List.of());
  }

  private static <T> CompletionStage<T> optional(CompletionStage<T> call) {
    return call.handle((value, failure) -> value);
  }
}
