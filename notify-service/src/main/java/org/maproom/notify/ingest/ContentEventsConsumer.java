package org.maproom.notify.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.notify.dispatch.Sends;
import org.maproom.notify.domain.Campaign;
import org.maproom.notify.domain.SmsProgram;

/**
 * maproom.content.v1 → an article published while the program is live starts its campaign and lists its recipients:
 * every active subscriber who had signed up by then (one who joins later is not texted old news). Both steps are
 * idempotent, so a redelivered event, or a crash between them, lists nobody twice. Listing waits until {@code settle}
 * after the publication, so that a sign-up acknowledged just before it has reached the subscribers table (a
 * projection, a moment behind). The dispatcher does the sending.
 * An article published while the program was on its waitlist is texted to nobody, even if the event is read only
 * after the program went live.
 */
public final class ContentEventsConsumer {
  private final ClusterSharding sharding;
  private final Sends sends;
  private final Duration timeout;
  private final Clock clock;
  private final Duration settle;

  public ContentEventsConsumer(ActorSystem<?> system, Sends sends, Duration settle, Clock clock) {
    this.settle = settle;
    this.sharding = ClusterSharding.get(system);
    this.sends = sends;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public CompletionStage<?> handle(ContentEvent event) {
    if (!(event instanceof ContentEvent.ArticlePublished article)) return CompletableFuture.completedFuture(null);
    return sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID).<SmsProgram.Settings>askWithStatus(SmsProgram.Get::new, timeout)
        .thenCompose(program -> {
          Instant publishedAt = article.publishedAt() != null ? article.publishedAt() : article.occurredAt();
          boolean texted = program.live() && (program.liveSince() == null || !publishedAt.isBefore(program.liveSince()));
          return texted ? start(article, publishedAt) : CompletableFuture.completedFuture(null);
        });
  }

  private CompletionStage<Void> settled(Instant publishedAt) {
    long wait = Duration.between(clock.instant(), publishedAt.plus(settle)).toMillis();
    return wait <= 0 ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait, java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  private CompletionStage<?> start(ContentEvent.ArticlePublished article, Instant publishedAt) {
    EntityRef<Campaign.Command> campaign = sharding.entityRefFor(Campaign.ENTITY_KEY, article.articleId());
    return campaign.<Campaign.Summary>askWithStatus(r -> new Campaign.Start(article.title(), article.url(), publishedAt, clock.instant(), r), timeout)
        .thenCompose(started -> started.total() >= 0
            ? CompletableFuture.completedFuture(started)
            : settled(publishedAt).thenCompose(x -> sends.listRecipients(article.articleId(), publishedAt)).thenCompose(total ->
                campaign.<Campaign.Summary>askWithStatus(r -> new Campaign.MarkListed(total, r), timeout)));
  }
}
