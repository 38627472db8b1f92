package org.maproom.moderation.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.platform.db.Database;

/** Reads of the comments read model and of the articles known from maproom.content.v1. */
public final class CommentQueries {
  private static final String COLUMNS = "comment_id, article_id, author_id, author_name, body, status, created_at";
  private final Database db;

  public CommentQueries(Database db) {
    this.db = db;
  }

  /** An article's approved comments, oldest first. */
  public CompletionStage<List<ModerationApi.Comment>> approved(String articleId, int limit) {
    return list("SELECT " + COLUMNS + " FROM comments WHERE article_id = ? AND status = 'approved' "
        + "ORDER BY created_at, comment_id LIMIT ?", articleId, limit);
  }

  /** The moderation queue, oldest first. */
  public CompletionStage<List<ModerationApi.Comment>> pending(int limit) {
    return list("SELECT " + COLUMNS + " FROM comments WHERE status = 'pending' ORDER BY created_at, comment_id LIMIT ?",
        null, limit);
  }

  public CompletionStage<Boolean> isPublished(String articleId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM known_articles WHERE article_id = ?")) {
        s.setString(1, articleId);
        try (ResultSet r = s.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  private CompletionStage<List<ModerationApi.Comment>> list(String sql, String articleId, int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (articleId != null) s.setString(i++, articleId);
        s.setInt(i, limit);
        try (ResultSet r = s.executeQuery()) {
          List<ModerationApi.Comment> items = new ArrayList<>();
          while (r.next()) items.add(row(r));
          return items;
        }
      }
    });
  }

  private static ModerationApi.Comment row(ResultSet r) throws SQLException {
    return new ModerationApi.Comment(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
        r.getString(6), r.getTimestamp(7).toInstant());
  }
}
