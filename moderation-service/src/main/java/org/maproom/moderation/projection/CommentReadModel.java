package org.maproom.moderation.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.maproom.moderation.domain.Comment;
import org.maproom.platform.projection.EventMeta;

/** Keeps the {@code comments} table (queues, an article's approved comments) in step with the journal, exactly once. */
public final class CommentReadModel {
  private CommentReadModel() {}

  public static void apply(Connection c, Comment.Event event, EventMeta meta) throws SQLException {
    if (event instanceof Comment.Submitted s) {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO comments (comment_id, article_id, author_id, author_name, body, status, created_at) "
              + "VALUES (?, ?, ?, ?, ?, 'pending', ?)")) {
        insert.setString(1, s.commentId());
        insert.setString(2, s.articleId());
        insert.setString(3, s.authorId());
        insert.setString(4, s.authorName());
        insert.setString(5, s.body());
        insert.setTimestamp(6, Timestamp.from(s.at()));
        insert.executeUpdate();
      }
    } else if (event instanceof Comment.Approved a) {
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE comments SET status = 'approved', decided_at = ?, decided_by = ? WHERE comment_id = ?")) {
        update.setTimestamp(1, Timestamp.from(a.at()));
        update.setString(2, a.moderatorId());
        update.setString(3, a.commentId());
        update.executeUpdate();
      }
    }
  }
}
