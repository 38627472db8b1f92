package org.maproom.content.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.maproom.content.domain.Article;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ContentApi.ArticleSummary;
import org.maproom.platform.db.Database;
import org.maproom.platform.db.PageCursor;

/** Reads of the article read model, and the slug claims that keep slugs unique. */
public final class ArticleQueries {
  private static final String SUMMARY = "a.article_id, a.slug, a.title, a.dek, a.section, a.author_name, a.cover_url, "
      + "a.reading_minutes, a.published_at";
  private final Database db;

  public ArticleQueries(Database db) {
    this.db = db;
  }

  /** Published articles, newest first, optionally of one section or tag, a page after {@code cursor}. */
  public CompletionStage<ContentApi.ArticleList> latest(String section, String tag, String cursor, int limit) {
    Optional<PageCursor> after = PageCursor.decode(cursor);
    return db.transact(c -> {
      StringBuilder sql = new StringBuilder("SELECT " + SUMMARY + " FROM articles a WHERE a.status = 'published'");
      List<Object> args = new ArrayList<>();
      if (section != null) {
        sql.append(" AND a.section = ?");
        args.add(section);
      }
      if (tag != null) {
        sql.append(" AND a.article_id IN (SELECT t.article_id FROM article_tags t WHERE t.tag = ?)");
        args.add(tag);
      }
      if (after.isPresent()) {
        sql.append(" AND (a.published_at < ? OR (a.published_at = ? AND a.article_id > ?))");
        Timestamp at = Timestamp.from(after.get().at());
        args.add(at);
        args.add(at);
        args.add(after.get().id());
      }
      sql.append(" ORDER BY a.published_at DESC, a.article_id LIMIT ?");
      args.add(limit + 1);
      List<ArticleSummary> rows = summaries(c, sql.toString(), args);
      if (rows.size() <= limit) return new ContentApi.ArticleList(rows, null);
      List<ArticleSummary> page = rows.subList(0, limit);
      ArticleSummary last = page.get(limit - 1);
      return new ContentApi.ArticleList(List.copyOf(page), new PageCursor(last.publishedAt(), last.id()).encode());
    });
  }

  /** The writer's own articles that are not live: drafts, scheduled and unpublished ones. */
  public CompletionStage<ContentApi.ArticleList> notLive(String authorId) {
    return db.transact(c -> new ContentApi.ArticleList(summaries(c, "SELECT " + SUMMARY + " FROM articles a "
        + "WHERE a.author_id = ? AND a.status <> 'published' ORDER BY a.updated_at DESC LIMIT 200", List.of(authorId))));
  }

  /** Explicit picks that are published, else the latest published in the same section; at most three. */
  public CompletionStage<ContentApi.ArticleList> readNext(String articleId) {
    return db.transact(c -> {
      List<ArticleSummary> out = new ArrayList<>();
      String picks = string(c, "SELECT read_next FROM articles WHERE article_id = ?", articleId).orElse("");
      for (String slug : picks.isEmpty() ? new String[0] : picks.split(",")) {
        out.addAll(summaries(c, "SELECT " + SUMMARY + " FROM articles a JOIN slugs s ON s.article_id = a.article_id "
            + "WHERE s.slug = ? AND a.status = 'published' AND a.article_id <> ?", List.of(slug, articleId)));
      }
      if (out.isEmpty()) {
        out.addAll(summaries(c, "SELECT " + SUMMARY + " FROM articles a WHERE a.status = 'published' AND a.article_id <> ? "
            + "AND a.section = (SELECT section FROM articles WHERE article_id = ?) ORDER BY a.published_at DESC LIMIT 3",
            List.of(articleId, articleId)));
      }
      return new ContentApi.ArticleList(List.copyOf(out.subList(0, Math.min(3, out.size()))));
    });
  }

  /** Where a slug leads, for published articles only. */
  public CompletionStage<Optional<ContentApi.SlugTarget>> slug(String slug) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT a.article_id, a.slug FROM slugs s JOIN articles a "
          + "ON a.article_id = s.article_id WHERE s.slug = ? AND a.status = 'published'")) {
        s.setString(1, slug);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(new ContentApi.SlugTarget(r.getString(1), r.getString(2))) : Optional.empty();
        }
      }
    });
  }

  /**
   * Claims {@code slug} for the article: true if it is now (or already was) this article's, false if another article
   * holds it. Claims are never released.
   */
  public CompletionStage<Boolean> claim(String slug, String articleId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO slugs (slug, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, slug);
        s.setString(2, articleId);
        s.executeUpdate();
      }
      return string(c, "SELECT article_id FROM slugs WHERE slug = ?", slug).map(articleId::equals).orElse(false);
    });
  }

  public CompletionStage<List<String>> dueForPublication(Instant now) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT article_id FROM articles WHERE status = 'scheduled' AND publish_at <= ? ORDER BY publish_at LIMIT 100")) {
        s.setTimestamp(1, Timestamp.from(now));
        List<String> ids = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) ids.add(r.getString(1));
        }
        return ids;
      }
    });
  }

  public CompletionStage<ContentApi.RevisionList> revisions(String articleId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT number, reason, title, at FROM article_revisions WHERE article_id = ? ORDER BY number DESC")) {
        s.setString(1, articleId);
        List<ContentApi.Revision> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) items.add(new ContentApi.Revision(r.getInt(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant()));
        }
        return new ContentApi.RevisionList(items);
      }
    });
  }

  public CompletionStage<Optional<Article.Content>> revision(String articleId, int number) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT content_json FROM article_revisions WHERE article_id = ? AND number = ?")) {
        s.setString(1, articleId);
        s.setInt(2, number);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.empty();
          try {
            return Optional.of(EventJson.mapper().readValue(r.getString(1), Article.Content.class));
          } catch (java.io.IOException e) {
            throw new SQLException("unreadable revision " + articleId + "#" + number, e);
          }
        }
      }
    });
  }

  /** A published article for feeds and the sitemap. */
  public record FeedItem(String slug, String title, String dek, String authorName, String bodyHtml, Instant publishedAt,
      Instant updatedAt) {}

  public CompletionStage<List<FeedItem>> feed(int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT slug, title, dek, author_name, body_html, published_at, updated_at "
          + "FROM articles WHERE status = 'published' ORDER BY published_at DESC, article_id LIMIT ?")) {
        s.setInt(1, limit);
        List<FeedItem> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            items.add(new FeedItem(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getTimestamp(6).toInstant(), r.getTimestamp(7).toInstant()));
          }
        }
        return items;
      }
    });
  }

  private static List<ArticleSummary> summaries(Connection c, String sql, List<?> args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
      List<ArticleSummary> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String id = r.getString(1);
          Timestamp published = r.getTimestamp(9);
          out.add(new ArticleSummary(id, r.getString(2), r.getString(3), r.getString(4), r.getString(5), tags(c, id),
              r.getString(6), r.getString(7), r.getInt(8), published == null ? null : published.toInstant()));
        }
      }
      return out;
    }
  }

  private static List<String> tags(Connection c, String articleId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag")) {
      s.setString(1, articleId);
      List<String> tags = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) tags.add(r.getString(1));
      }
      return tags;
    }
  }

  private static Optional<String> string(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
      }
    }
  }
}
