package org.maproom.engagement.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.engagement.domain.ArticleEngagement;

/** maproom.moderation.v1 → the comments counter. Showing and hiding are idempotent per comment id. */
public final class ModerationEventsConsumer {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ModerationEventsConsumer(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public CompletionStage<?> handle(ModerationEvent event) {
    if (event instanceof ModerationEvent.CommentApproved approved) {
      return article(approved.articleId()).<Done>askWithStatus(reply -> new ArticleEngagement.ShowComment(approved.commentId(), reply), timeout);
    }
    if (event instanceof ModerationEvent.CommentRemoved removed) {
      return article(removed.articleId()).<Done>askWithStatus(reply -> new ArticleEngagement.HideComment(removed.commentId(), reply), timeout);
    }
    return CompletableFuture.completedFuture(null);
  }

  private EntityRef<ArticleEngagement.Command> article(String articleId) {
    return sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, articleId);
  }
}
