package org.maproom.notify.ingest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.notify.delivery.SmsMessage;
import org.maproom.notify.delivery.SmsProvider;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.platform.PiiCipher;

/**
 * maproom.content.v1 → when an article is published, one text to every subscriber who had signed up by then (one
 * who joins later, while the event is still on its way or being fanned out, is not texted old news). The send key
 * (article, subscriber) makes a redelivered event, or a restart halfway through, text nobody twice.
 */
public final class ContentEventsConsumer {
  private static final int PAGE = 500;
  private static final int PARALLELISM = 8;
  private final ActorSystem<?> system;
  private final Subscribers subscribers;
  private final SmsProvider provider;
  private final PiiCipher pii;
  private final String programName;

  public ContentEventsConsumer(ActorSystem<?> system, Subscribers subscribers, SmsProvider provider, PiiCipher pii, String programName) {
    this.system = system;
    this.subscribers = subscribers;
    this.provider = provider;
    this.pii = pii;
    this.programName = programName;
  }

  public CompletionStage<?> handle(ContentEvent event) {
    if (!(event instanceof ContentEvent.ArticlePublished published)) return CompletableFuture.completedFuture(null);
    return fanOut(published, "");
  }

  private CompletionStage<?> fanOut(ContentEvent.ArticlePublished article, String afterId) {
    Instant by = article.publishedAt() != null ? article.publishedAt() : article.occurredAt();
    return subscribers.page(afterId, by, PAGE).thenCompose(rows -> {
      if (rows.isEmpty()) return CompletableFuture.completedFuture(null);
      return send(article, rows).thenCompose(done -> fanOut(article, rows.get(rows.size() - 1).subscriberId()));
    });
  }

  private CompletionStage<?> send(ContentEvent.ArticlePublished article, List<Subscribers.Row> rows) {
    String body = text(article);
    return Source.from(rows)
        .mapAsync(PARALLELISM, row -> subscribers.suppressed(row.subscriberId()).thenCompose(suppressed -> suppressed
            ? CompletableFuture.completedFuture(Done.getInstance()) // unsubscribed since the page was read
            : provider.send(new SmsMessage(article.articleId() + ":" + row.subscriberId(), article.articleId(), row.subscriberId(),
                pii.decrypt(row.encryptedPhone(), row.subscriberId()), body))))
        .runWith(Sink.ignore(), system);
  }

  String text(ContentEvent.ArticlePublished article) {
    return "New from " + programName + ": " + article.title() + " " + article.url() + "\nReply STOP to opt out.";
  }
}
