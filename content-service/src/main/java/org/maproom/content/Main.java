package org.maproom.content;

import java.time.Clock;
import org.maproom.content.domain.Article;
import org.maproom.content.domain.SiteSettings;
import org.maproom.content.feeds.Feeds;
import org.maproom.content.http.ArticleRoutes;
import org.maproom.content.projection.ArticlePublisher;
import org.maproom.content.projection.ArticleReadModel;
import org.maproom.content.readmodel.ArticleQueries;
import org.maproom.content.scheduling.PublicationScheduler;
import org.maproom.contracts.Topics;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.platform.projection.Projections;

/** content-service: owns articles; publishes maproom.content.v1. */
public final class Main {
  public static final String NAME = "content-service";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    var system = ctx.system();
    var config = ctx.config().getConfig("content");
    Article.init(system);
    var site = config.getConfig("site");
    SiteSettings.init(system, new SiteSettings.Settings(config.getString("publication"), site.getString("writer-name"),
        site.getString("writer-bio"), java.util.List.of(), null, site.getStringList("reaction-kinds"), null));
    Projections.<Article.Event>publish(system, ctx.database(), Article.TAGS, Topics.CONTENT,
        new ArticlePublisher(config.getString("public-base-url"))::toPublic);
    Projections.<Article.Event>readModel(system, ctx.database(), "articles", Article.TAGS, ArticleReadModel::apply);
    var queries = new ArticleQueries(ctx.database());
    PublicationScheduler.init(system, queries, Clock.systemUTC(), config.getDuration("scheduler-interval"));
    var feeds = new Feeds(config.getString("public-base-url"), config.getString("publication"));
    return new ArticleRoutes(system, queries, feeds, Clock.systemUTC()).api(ctx.identities());
  }

  private Main() {}
}
