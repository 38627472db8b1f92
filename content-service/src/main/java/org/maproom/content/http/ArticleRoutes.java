package org.maproom.content.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.content.domain.Article;
import org.maproom.content.domain.Slugs;
import org.maproom.content.readmodel.PublishedArticles;
import org.maproom.contracts.http.ContentApi;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.identity.IdentityToken;

/** content-service's HTTP API (docs/api/content-service.yaml). Routes ask the Article entity; no rules here. */
public final class ArticleRoutes {
  private final ClusterSharding sharding;
  private final PublishedArticles published;
  private final Duration timeout;
  private final Clock clock;

  public ArticleRoutes(ActorSystem<?> system, PublishedArticles published, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.published = published;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api api(IdentityToken identities) {
    Api api = new Api(identities);
    return api
        .get("/articles", p -> Api.reply(published.latest(50).thenApply(ContentApi.ArticleList::new)))
        .post("/articles", p -> api.requireRole(Identity.AUTHOR, who ->
            Api.json(ContentApi.CreateArticle.class, body -> Api.reply(StatusCodes.CREATED, create(who, body)))))
        .get("/articles/{id}", p -> Api.reply(getPublished(p.get("id"))))
        .post("/articles/{id}/publish", p -> api.requireRole(Identity.AUTHOR, who -> Api.reply(publish(who, p.get("id")))));
  }

  private CompletionStage<ContentApi.Article> create(Identity author, ContentApi.CreateArticle body) {
    String slug = body.slug() == null || body.slug().isBlank()
        ? Slugs.fromTitle(body.title()).orElseThrow(() ->
            ProblemException.badRequest("A title with letters or digits is needed to make a slug."))
        : body.slug();
    if (!Slugs.isValid(slug)) {
      throw ProblemException.badRequest(
          "A slug is lowercase letters, digits and single hyphens, at most " + Slugs.MAX_LENGTH + " characters.");
    }
    var draft = new Article.Draft(body.title(), body.dek(), body.section(), body.body());
    return article(slug)
        .<Article.Summary>askWithStatus(reply -> new Article.Create(draft, author.accountId(), author.displayName(), clock.instant(), reply), timeout)
        .thenApply(ArticleRoutes::toDto);
  }

  private CompletionStage<ContentApi.Article> publish(Identity who, String id) {
    requireSlug(id);
    return article(id)
        .<Article.Summary>askWithStatus(reply -> new Article.Publish(who.accountId(), who.roles().contains(Identity.ADMIN), clock.instant(), reply), timeout)
        .thenApply(ArticleRoutes::toDto);
  }

  /** Readers see published articles only; a draft answers 404 as if it did not exist. */
  private CompletionStage<ContentApi.Article> getPublished(String id) {
    requireSlug(id);
    return article(id).askWithStatus(Article.Get::new, timeout).thenApply(summary -> {
      if (summary.publishedAt() == null) throw ProblemException.notFound("There is no article '" + id + "'.");
      return toDto(summary);
    });
  }

  private static void requireSlug(String id) {
    if (!Slugs.isValid(id)) throw ProblemException.notFound("There is no article '" + id + "'.");
  }

  private EntityRef<Article.Command> article(String id) {
    return sharding.entityRefFor(Article.ENTITY_KEY, id);
  }

  private static ContentApi.Article toDto(Article.Summary s) {
    return new ContentApi.Article(s.id(), s.id(), s.publishedAt() == null ? "draft" : "published", s.title(), s.dek(),
        s.section(), s.authorName(), s.bodyHtml(), s.createdAt(), s.publishedAt());
  }
}
