package org.maproom.moderation.ingest;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.platform.db.Database;

/** maproom.content.v1 → the articles readers may comment on. An upsert by article id, so redelivery is harmless. */
public final class ContentEventsConsumer {
  private final Database db;

  public ContentEventsConsumer(Database db) {
    this.db = db;
  }

  public CompletionStage<?> handle(ContentEvent event) {
    if (!(event instanceof ContentEvent.ArticlePublished p)) return CompletableFuture.completedFuture(null);
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO known_articles (article_id, title, published_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, p.articleId());
        s.setString(2, p.title());
        s.setTimestamp(3, Timestamp.from(p.publishedAt()));
        return s.executeUpdate();
      }
    });
  }
}
