package org.maproom.content;

import java.time.Clock;
import org.maproom.content.domain.Article;
import org.maproom.content.http.ArticleRoutes;
import org.maproom.content.projection.ArticlePublisher;
import org.maproom.content.projection.ArticleReadModel;
import org.maproom.content.readmodel.PublishedArticles;
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
    Article.init(system);
    var publisher = new ArticlePublisher(ctx.config().getString("content.public-base-url"));
    Projections.<Article.Event>publish(system, ctx.database(), Article.TAGS, Topics.CONTENT, publisher::toPublic);
    Projections.<Article.Event>readModel(system, ctx.database(), "published-articles", Article.TAGS, ArticleReadModel::apply);
    return new ArticleRoutes(system, new PublishedArticles(ctx.database()), Clock.systemUTC()).api(ctx.identities());
  }

  private Main() {}
}
