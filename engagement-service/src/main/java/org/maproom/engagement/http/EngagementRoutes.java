package org.maproom.engagement.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.IdentityToken;

/** engagement-service's HTTP API (docs/api/engagement-service.yaml). */
public final class EngagementRoutes {
  private static final Pattern READER_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private final ClusterSharding sharding;
  private final Duration timeout;

  public EngagementRoutes(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
  }

  public Api api(IdentityToken identities) {
    return new Api(identities)
        .post("/articles/{id}/views", p -> Api.json(EngagementApi.RecordView.class, body ->
            Api.reply(recordView(p.get("id"), body.readerId()))))
        .get("/articles/{id}/counters", p -> Api.reply(counters(p.get("id"))));
  }

  private CompletionStage<EngagementApi.Counters> recordView(String articleId, String readerId) {
    if (readerId == null || !READER_ID.matcher(readerId).matches()) {
      throw ProblemException.badRequest("readerId must be 16 to 64 letters, digits, '-' or '_'.");
    }
    return article(articleId)
        .<ArticleEngagement.Counters>askWithStatus(reply -> new ArticleEngagement.RecordView(readerId, reply), timeout)
        .thenApply(EngagementRoutes::toDto);
  }

  private CompletionStage<EngagementApi.Counters> counters(String articleId) {
    return article(articleId).askWithStatus(ArticleEngagement.Get::new, timeout).thenApply(EngagementRoutes::toDto);
  }

  private EntityRef<ArticleEngagement.Command> article(String articleId) {
    if (articleId.length() > 80) throw ProblemException.notFound("There is no published article with that id.");
    return sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, articleId);
  }

  private static EngagementApi.Counters toDto(ArticleEngagement.Counters c) {
    return new EngagementApi.Counters(c.articleId(), c.views(), c.comments());
  }
}
