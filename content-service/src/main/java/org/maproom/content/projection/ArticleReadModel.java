package org.maproom.content.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.maproom.content.domain.Article;
import org.maproom.content.domain.Article.Content;
import org.maproom.contracts.EventJson;
import org.maproom.platform.projection.EventMeta;

/**
 * Keeps the article tables (lists, slugs, revisions) in step with the journal, exactly once. Keeps the last
 * {@link #REVISIONS_KEPT} revisions of each article.
 */
public final class ArticleReadModel {
  public static final int REVISIONS_KEPT = 20;

  private ArticleReadModel() {}

  public static void apply(Connection c, Article.Event event, EventMeta meta) throws SQLException {
    if (event instanceof Article.Created e) {
      update(c, "INSERT INTO articles (article_id, slug, status, author_id, author_name, title, dek, section, cover_url, "
          + "reading_minutes, body_html, read_next, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, '', '', '', NULL, 0, '', '', ?, ?)",
          e.articleId(), e.articleId(), e.authorId(), e.authorName(), e.at(), e.at());
      content(c, e.articleId(), e.content(), e.at());
    } else if (event instanceof Article.Edited e) {
      content(c, e.articleId(), e.content(), e.at());
      if (e.revision() > 0) revision(c, e.articleId(), e.revision(), e.reason().isEmpty() ? "Edited" : e.reason(), e.content(), e.at());
    } else if (event instanceof Article.Scheduled e) {
      update(c, "UPDATE articles SET status = 'scheduled', publish_at = ?, updated_at = ? WHERE article_id = ?",
          e.publishAt(), e.at(), e.articleId());
    } else if (event instanceof Article.Published e) {
      update(c, "UPDATE articles SET status = 'published', publish_at = NULL, published_at = ?, updated_at = ? WHERE article_id = ?",
          e.live().publishedAt(), e.live().updatedAt(), e.articleId());
      revision(c, e.articleId(), e.revision(), "Published", e.live().content(), e.live().updatedAt());
    } else if (event instanceof Article.Unpublished e) {
      update(c, "UPDATE articles SET status = 'unpublished', updated_at = ? WHERE article_id = ?", e.at(), e.articleId());
    } else if (event instanceof Article.SlugChanged e) {
      update(c, "UPDATE articles SET slug = ?, updated_at = ? WHERE article_id = ?", e.to(), e.at(), e.articleId());
    }
  }

  private static void content(Connection c, String id, Content k, Instant at) throws SQLException {
    update(c, "UPDATE articles SET title = ?, dek = ?, section = ?, cover_url = ?, reading_minutes = ?, body_html = ?, "
        + "read_next = ?, updated_at = ? WHERE article_id = ?",
        k.title(), k.dek(), k.section(), k.cover() == null ? null : k.cover().url(), k.readingMinutes(), k.bodyHtml(),
        String.join(",", k.readNext()), at, id);
    update(c, "DELETE FROM article_tags WHERE article_id = ?", id);
    for (String tag : k.tags()) update(c, "INSERT INTO article_tags (tag, article_id) VALUES (?, ?)", tag, id);
  }

  /** A revision is replaced while it is being edited (continuous editing folds into it). */
  private static void revision(Connection c, String id, int number, String reason, Content k, Instant at) throws SQLException {
    update(c, "DELETE FROM article_revisions WHERE article_id = ? AND (number = ? OR number <= ?)", id, number, number - REVISIONS_KEPT);
    update(c, "INSERT INTO article_revisions (article_id, number, reason, title, content_json, at) VALUES (?, ?, ?, ?, ?, ?)",
        id, number, reason, k.title(), new String(EventJson.write(k), java.nio.charset.StandardCharsets.UTF_8), at);
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a instanceof Instant t) s.setTimestamp(i + 1, Timestamp.from(t));
        else s.setObject(i + 1, a);
      }
      s.executeUpdate();
    }
  }

}
