package org.maproom.engagement.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.engagement.domain.ArticleEngagement;

/** maproom.content.v1 → opens an article's counters when it is published. Open is idempotent. */
public final class ContentEventsConsumer {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ContentEventsConsumer(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public CompletionStage<?> handle(ContentEvent event) {
    if (event instanceof ContentEvent.ArticlePublished published) {
      return sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, published.articleId())
          .askWithStatus(ArticleEngagement.Open::new, timeout);
    }
    return CompletableFuture.completedFuture(null);
  }
}
