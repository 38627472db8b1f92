package org.maproom.engagement.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.engagement.domain.ArticleEngagement;

/** maproom.moderation.v1 → the comments counter. CountComment is idempotent per comment id. */
public final class ModerationEventsConsumer {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ModerationEventsConsumer(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public CompletionStage<?> handle(ModerationEvent event) {
    if (event instanceof ModerationEvent.CommentApproved approved) {
      return sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, approved.articleId())
          .<org.apache.pekko.Done>askWithStatus(reply -> new ArticleEngagement.CountComment(approved.commentId(), reply), timeout);
    }
    return CompletableFuture.completedFuture(null);
  }
}
