package org.maproom.engagement.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.domain.Poll;

/** maproom.content.v1 → opens an article's counters when it is published, and follows its poll. Open is idempotent. */
public final class ContentEventsConsumer {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ContentEventsConsumer(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public CompletionStage<?> handle(ContentEvent event) {
    if (event instanceof ContentEvent.ArticlePublished published) return open(published.articleId(), published.poll());
    if (event instanceof ContentEvent.ArticleUpdated updated) return open(updated.articleId(), updated.poll());
    return CompletableFuture.completedFuture(null);
  }

  private CompletionStage<?> open(String articleId, ContentEvent.Poll poll) {
    Poll ours = poll == null ? null : new Poll(poll.question(),
        poll.options().stream().map(o -> new Poll.Option(o.id(), o.label())).toList(), poll.closesAt());
    return sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, articleId)
        .<org.apache.pekko.Done>askWithStatus(reply -> new ArticleEngagement.Open(ours, reply), timeout);
  }
}
