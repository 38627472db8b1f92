package org.maproom.content.http;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.content.domain.Article;
import org.maproom.content.domain.Article.By;
import org.maproom.content.domain.Article.Written;
import org.maproom.content.domain.ArticleRules;
import org.maproom.content.domain.LineDiff;
import org.maproom.content.domain.Markdown;
import org.maproom.content.domain.SiteSettings;
import org.maproom.content.domain.Slugs;
import org.maproom.content.feeds.Feeds;
import org.maproom.content.readmodel.ArticleQueries;
import org.maproom.contracts.http.ContentApi;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.Problems;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.identity.IdentityToken;

/** content-service's HTTP API (docs/api/content-service.yaml). Routes ask the Article entity; the rules live there. */
public final class ArticleRoutes {
  /** An article's JSON may be large: a 200,000-character body, escaped. */
  static final long MAX_ARTICLE_BYTES = 1024 * 1024;
  private static final ContentType.WithCharset ATOM = ContentTypes.create(MediaTypes.applicationWithOpenCharset("atom+xml"), HttpCharsets.UTF_8);
  private static final ContentType.WithCharset RSS = ContentTypes.create(MediaTypes.applicationWithOpenCharset("rss+xml"), HttpCharsets.UTF_8);
  private static final ContentType.WithCharset XML = ContentTypes.create(MediaTypes.APPLICATION_XML, HttpCharsets.UTF_8);
  private final ClusterSharding sharding;
  private final ArticleQueries queries;
  private final Feeds feeds;
  private final Duration timeout;
  private final Clock clock;

  public ArticleRoutes(ActorSystem<?> system, ArticleQueries queries, Feeds feeds, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.queries = queries;
    this.feeds = feeds;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api api(IdentityToken identities) {
    Api api = new Api(identities);
    Function<Function<Identity, Route>, Route> author = inner -> api.requireRole(Identity.AUTHOR, inner);
    return api
        // readers
        .get("/articles", p -> Api.query(q -> Api.reply(latest(q))))
        .get("/articles/{id}", p -> api.optionalIdentity(who -> Api.reply(read(who, p.get("id")))))
        .get("/articles/{id}/read-next", p -> Api.reply(queries.readNext(p.get("id"))))
        .get("/slugs/{slug}", p -> Api.reply(queries.slug(p.get("slug")).thenApply(target ->
            target.orElseThrow(() -> ProblemException.notFound("No published article has the slug '" + p.get("slug") + "'.")))))
        .get("/site", p -> Api.reply(site(r -> new SiteSettings.Get(r))))
        .put("/site", p -> api.requireRole(Identity.ADMIN, who -> Api.json(ContentApi.Site.class, body ->
            Api.reply(site(r -> new SiteSettings.Update(settings(body), clock.instant(), r))))))
        .get("/feed.atom", p -> text(queries.feed(Feeds.FEED_SIZE).thenApply(feeds::atom), ATOM))
        .get("/feed.rss", p -> text(queries.feed(Feeds.FEED_SIZE).thenApply(feeds::rss), RSS))
        .get("/sitemap.xml", p -> text(queries.feed(50_000).thenApply(feeds::sitemap), XML))
        // the writer
        .post("/articles", p -> author.apply(who -> Api.json(ContentApi.ArticleInput.class, MAX_ARTICLE_BYTES, body ->
            Api.reply(StatusCodes.CREATED, create(who, body)))))
        .put("/articles/{id}", p -> author.apply(who -> Api.json(ContentApi.EditArticle.class, MAX_ARTICLE_BYTES, body ->
            Api.reply(edit(who, p.get("id"), body)))))
        .post("/preview", p -> author.apply(who -> Api.json(ContentApi.Preview.class, MAX_ARTICLE_BYTES, body -> Api.ok(preview(body)))))
        .post("/articles/{id}/schedule", p -> author.apply(who -> Api.json(ContentApi.Schedule.class, body ->
            Api.reply(ask(p.get("id"), r -> new Article.Schedule(body.publishAt(), by(who), clock.instant(), r))))))
        .post("/articles/{id}/publish", p -> author.apply(who ->
            Api.reply(ask(p.get("id"), r -> new Article.Publish(by(who), clock.instant(), r)))))
        .post("/articles/{id}/unpublish", p -> author.apply(who ->
            Api.reply(ask(p.get("id"), r -> new Article.Unpublish(by(who), clock.instant(), r)))))
        .post("/articles/{id}/slug", p -> author.apply(who -> Api.json(ContentApi.ChangeSlug.class, body ->
            Api.reply(changeSlug(who, p.get("id"), body.slug())))))
        .get("/drafts", p -> author.apply(who -> Api.reply(queries.notLive(who.accountId()))))
        .get("/articles/{id}/revisions", p -> author.apply(who ->
            Api.reply(owned(who, p.get("id")).thenCompose(a -> queries.revisions(a.id())))))
        .get("/articles/{id}/revisions/compare", p -> author.apply(who -> Api.query(q ->
            Api.reply(compare(who, p.get("id"), number(q.get("from")), number(q.get("to")))))))
        .post("/articles/{id}/revisions/{number}/restore", p -> author.apply(who ->
            Api.reply(restore(who, p.get("id"), number(p.get("number"))))));
  }

  private CompletionStage<ContentApi.Site> site(
      Function<org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.pattern.StatusReply<SiteSettings.Settings>>, SiteSettings.Command> command) {
    return sharding.entityRefFor(SiteSettings.ENTITY_KEY, SiteSettings.ID).askWithStatus(command::apply, timeout).thenApply(s ->
        new ContentApi.Site(s.publication(), s.writerName(), s.writerBio(),
            s.supportLinks().stream().map(l -> new ContentApi.Link(l.label(), l.url())).toList(),
            s.defaultPromo() == null ? null : promo(s.defaultPromo()), s.reactionKinds(), s.updatedAt()));
  }

  private static SiteSettings.Settings settings(ContentApi.Site in) {
    return new SiteSettings.Settings(in.publication(), in.writerName(), in.writerBio(),
        in.supportLinks() == null ? null : in.supportLinks().stream().map(l -> new SiteSettings.Link(l.label(), l.url())).toList(),
        in.defaultPromo() == null ? null : new Article.Promo(in.defaultPromo().text(), in.defaultPromo().price(),
            in.defaultPromo().originalPrice(), in.defaultPromo().discountPercent(), in.defaultPromo().link()),
        in.reactionKinds(), null);
  }

  private static ContentApi.Promo promo(Article.Promo p) {
    return new ContentApi.Promo(p.text(), p.price(), p.originalPrice(), p.discountPercent(), p.link());
  }

  private CompletionStage<ContentApi.ArticleList> latest(Map<String, String> q) {
    return queries.latest(q.get("section"), q.get("tag"), q.get("cursor"), limit(q));
  }

  private CompletionStage<ContentApi.Article> create(Identity who, ContentApi.ArticleInput body) {
    String slug = body.slug() == null || body.slug().isBlank()
        ? Slugs.fromTitle(body.title()).orElseThrow(() -> ProblemException.badRequest("A title with letters or digits is needed to make a slug."))
        : body.slug();
    if (!Slugs.isValid(slug)) {
      throw ProblemException.badRequest("A slug is lowercase letters, digits and single hyphens, at most " + Slugs.MAX_LENGTH + " characters.");
    }
    Article.Draft draft = draft(body);
    // Refuse bad input before the slug is claimed: a claim is for good.
    if (ArticleRules.render(draft, slug, clock.instant()) instanceof ArticleRules.Invalid invalid) {
      throw new ProblemException(422, "Invalid request", invalid.reason());
    }
    return queries.claim(slug, slug).thenCompose(mine -> {
      if (!mine) throw new ProblemException(409, "Conflict", "The slug '" + slug + "' is taken by another article.");
      return ask(slug, r -> new Article.Create(draft, who.accountId(), who.displayName(), clock.instant(), r));
    });
  }

  private CompletionStage<ContentApi.Article> edit(Identity who, String id, ContentApi.EditArticle body) {
    if (body.article() == null) throw ProblemException.badRequest("The edit needs an 'article'.");
    return ask(id, r -> new Article.Edit(draft(body.article()), body.reason(), false, by(who), clock.instant(), r));
  }

  private CompletionStage<ContentApi.Article> changeSlug(Identity who, String id, String slug) {
    if (!Slugs.isValid(slug)) {
      throw ProblemException.badRequest("A slug is lowercase letters, digits and single hyphens, at most " + Slugs.MAX_LENGTH + " characters.");
    }
    return owned(who, id)
        .thenCompose(article -> queries.claim(slug, article.id()))
        .thenCompose(mine -> {
          if (!mine) throw new ProblemException(409, "Conflict", "The slug '" + slug + "' is taken by another article.");
          return ask(id, r -> new Article.ChangeSlug(slug, by(who), clock.instant(), r));
        });
  }

  private CompletionStage<ContentApi.RevisionDiff> compare(Identity who, String id, int from, int to) {
    return owned(who, id).thenCompose(a -> revision(id, from).thenCombine(revision(id, to), (x, y) -> {
      List<ContentApi.FieldChange> fields = new ArrayList<>();
      field(fields, "title", x.title(), y.title());
      field(fields, "dek", x.dek(), y.dek());
      field(fields, "section", x.section(), y.section());
      field(fields, "tags", String.join(", ", x.tags()), String.join(", ", y.tags()));
      field(fields, "poll", String.valueOf(x.poll()), String.valueOf(y.poll()));
      field(fields, "promo", String.valueOf(x.promo()), String.valueOf(y.promo()));
      field(fields, "cover", String.valueOf(x.cover()), String.valueOf(y.cover()));
      return new ContentApi.RevisionDiff(from, to, fields, LineDiff.of(x.bodyMarkdown(), y.bodyMarkdown()));
    }));
  }

  private CompletionStage<ContentApi.Article> restore(Identity who, String id, int number) {
    return owned(who, id).thenCompose(a -> revision(id, number)).thenCompose(c -> ask(id, r -> new Article.Edit(
        new Article.Draft(c.title(), c.dek(), c.section(), c.tags(), c.bodyMarkdown(), c.cover(), c.seo(), c.poll(), c.promo(),
            c.readNext()),
        "Restored revision " + number, true, by(who), clock.instant(), r)));
  }

  private CompletionStage<Article.Content> revision(String id, int number) {
    return queries.revision(id, number).thenApply(c ->
        c.orElseThrow(() -> ProblemException.notFound("Article '" + id + "' has no revision " + number + ".")));
  }

  /** Readers see published articles only; the author and admins also see drafts (a preview). */
  private CompletionStage<ContentApi.Article> read(Optional<Identity> who, String id) {
    return entity(id).askWithStatus(Article.Get::new, timeout).thenApply(a -> {
      boolean mayPreview = who.isPresent() && (who.get().roles().contains(Identity.ADMIN) || a.authorId().equals(who.get().accountId()));
      if (a.status() != Article.Status.published && !mayPreview) throw ProblemException.notFound("There is no article '" + id + "'.");
      return toDto(a);
    });
  }

  /** The article, if {@code who} may change it. */
  private CompletionStage<Written> owned(Identity who, String id) {
    return entity(id).askWithStatus(Article.Get::new, timeout).thenApply(a -> {
      if (!who.roles().contains(Identity.ADMIN) && !a.authorId().equals(who.accountId())) {
        throw new ProblemException(403, "Forbidden", "Only the article's author or an admin may do this.");
      }
      return a;
    });
  }

  private static ContentApi.PreviewHtml preview(ContentApi.Preview body) {
    String markdown = body.body() == null ? "" : body.body();
    if (markdown.length() > ArticleRules.MAX_BODY) throw new ProblemException(422, "Invalid request", "The body is too long.");
    String html = Markdown.toSafeHtml(markdown);
    return new ContentApi.PreviewHtml(html, ArticleRules.render(new Article.Draft("Preview", "", "", List.of(),
        markdown.isBlank() ? "." : markdown, null, null, null, null, null), "preview", java.time.Instant.EPOCH)
        instanceof ArticleRules.Valid v ? v.content().readingMinutes() : 1);
  }

  private CompletionStage<ContentApi.Article> ask(String id, Function<org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.pattern.StatusReply<Written>>, Article.Command> command) {
    return entity(id).askWithStatus(command::apply, timeout).thenApply(ArticleRoutes::toDto);
  }

  private EntityRef<Article.Command> entity(String id) {
    if (!Slugs.isValid(id)) throw ProblemException.notFound("There is no article '" + id + "'.");
    return sharding.entityRefFor(Article.ENTITY_KEY, id);
  }

  private static Route text(CompletionStage<String> body, ContentType.WithCharset type) {
    return Directives.onComplete(body, result -> result.isSuccess()
        ? Directives.complete(HttpResponse.create().withEntity(HttpEntities.create(type, result.get())))
        : Directives.complete(Problems.response(Problems.fromFailure(result.failed().get()))));
  }

  private static By by(Identity who) {
    return new By(who.accountId(), who.roles().contains(Identity.ADMIN));
  }

  private static int limit(Map<String, String> q) {
    int limit = q.containsKey("limit") ? number(q.get("limit")) : 20;
    if (limit < 1 || limit > 50) throw ProblemException.badRequest("limit is 1 to 50.");
    return limit;
  }

  private static int number(String s) {
    try {
      return Integer.parseInt(Objects.requireNonNull(s));
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("'" + s + "' is not a number.");
    }
  }

  private static void field(List<ContentApi.FieldChange> out, String name, String from, String to) {
    if (!Objects.equals(from, to)) out.add(new ContentApi.FieldChange(name, from, to));
  }

  static Article.Draft draft(ContentApi.ArticleInput in) {
    var poll = in.poll() == null ? null : new Article.Poll(in.poll().question(),
        in.poll().options() == null ? null : in.poll().options().stream().map(l -> new Article.PollOption(null, l)).toList(),
        in.poll().closesAt());
    return new Article.Draft(in.title(), in.dek(), in.section(), in.tags(), in.body(),
        in.cover() == null ? null : new Article.Cover(in.cover().url(), in.cover().alt()),
        in.seo() == null ? null : new Article.Seo(in.seo().title(), in.seo().description(), in.seo().ogTitle(),
            in.seo().ogDescription(), in.seo().ogImage()), poll,
        in.promo() == null ? null : new Article.Promo(in.promo().text(), in.promo().price(), in.promo().originalPrice(),
            in.promo().discountPercent(), in.promo().link()),
        in.readNext());
  }

  static ContentApi.Article toDto(Written a) {
    var c = a.content();
    return new ContentApi.Article(a.id(), a.slug(), a.status().name(), c.title(), c.dek(), c.section(), c.tags(),
        a.authorId(), a.authorName(), c.bodyMarkdown(), c.bodyHtml(), c.readingMinutes(),
        c.cover() == null ? null : new ContentApi.Cover(c.cover().url(), c.cover().alt()),
        c.seo() == null ? null : new ContentApi.Seo(c.seo().title(), c.seo().description(), c.seo().ogTitle(),
            c.seo().ogDescription(), c.seo().ogImage()),
        c.poll() == null ? null : new ContentApi.Poll(c.poll().question(),
            c.poll().options().stream().map(o -> new ContentApi.Option(o.id(), o.label())).toList(), c.poll().closesAt()),
        c.promo() == null ? null : promo(c.promo()),
        c.readNext(), a.retiredSlugs(), a.revision(), a.createdAt(), a.updatedAt(), a.publishAt(), a.publishedAt());
  }

}
