package org.maproom.content.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.ContentApi.ArticleSummary;
import org.maproom.platform.db.Database;

/** Reads of the published-articles read model. */
public final class PublishedArticles {
  private final Database db;

  public PublishedArticles(Database db) {
    this.db = db;
  }

  public CompletionStage<List<ArticleSummary>> latest(int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT article_id, slug, title, dek, section, published_at FROM published_articles "
              + "ORDER BY published_at DESC, article_id LIMIT ?")) {
        s.setInt(1, limit);
        List<ArticleSummary> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            items.add(new ArticleSummary(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getTimestamp(6).toInstant()));
          }
        }
        return items;
      }
    });
  }
}
