package org.maproom.content.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.maproom.content.domain.Article;
import org.maproom.platform.projection.EventMeta;

/** Keeps the {@code published_articles} table (front page, lists) in step with the journal, exactly once. */
public final class ArticleReadModel {
  private ArticleReadModel() {}

  public static void apply(Connection c, Article.Event event, EventMeta meta) throws SQLException {
    if (!(event instanceof Article.Published p)) return;
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM published_articles WHERE article_id = ?")) {
      delete.setString(1, p.articleId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO published_articles (article_id, slug, title, dek, section, published_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, p.articleId());
      insert.setString(2, p.articleId());
      insert.setString(3, p.title());
      insert.setString(4, p.dek());
      insert.setString(5, p.section());
      insert.setTimestamp(6, Timestamp.from(p.publishedAt()));
      insert.executeUpdate();
    }
  }
}
