package org.maproom.moderation.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.maproom.moderation.domain.Comment;
import org.maproom.platform.db.JournalPurge;
import org.maproom.platform.projection.EventMeta;

/**
 * Keeps the {@code comments} table (queues, an article's thread) and the {@code decisions} log in step with the
 * journal, exactly once. When an author's account is erased, it also deletes the comment's earlier journal events and
 * snapshots (which hold the author's name and words) in the same transaction: the AuthorErased event is complete.
 */
public final class CommentReadModel {
  private CommentReadModel() {}

  public static void apply(Connection c, Comment.Event event, EventMeta meta) throws SQLException {
    if (event instanceof Comment.Submitted s) {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO comments (comment_id, article_id, parent_id, author_id, author_name, body, status, created_at, held_for) "
              + "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)")) {
        insert.setString(1, s.commentId());
        insert.setString(2, s.articleId());
        insert.setString(3, s.parentId());
        insert.setString(4, s.authorId());
        insert.setString(5, s.authorName());
        insert.setString(6, s.body());
        insert.setTimestamp(7, Timestamp.from(s.at()));
        insert.setString(8, s.heldFor() == null || s.heldFor().isEmpty() ? null : String.join("; ", s.heldFor()));
        insert.executeUpdate();
      }
    } else if (event instanceof Comment.Approved a) {
      decide(c, meta, a.commentId(), Comment.Status.approved, "approved", a.moderatorId(), null, null, a.at());
    } else if (event instanceof Comment.Rejected r) {
      decide(c, meta, r.commentId(), Comment.Status.rejected, "rejected", r.moderatorId(), r.reason(), r.note(), r.at());
    } else if (event instanceof Comment.Removed r) {
      decide(c, meta, r.commentId(), Comment.Status.removed, "removed", r.moderatorId(), r.reason(), null, r.at());
    } else if (event instanceof Comment.Restored r) {
      decide(c, meta, r.commentId(), Comment.Status.approved, "restored", r.moderatorId(), null, null, r.at());
    } else if (event instanceof Comment.Reported r) {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO reports (comment_id, reader_id, reason, reported_at) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, r.commentId());
        insert.setString(2, r.readerId());
        insert.setString(3, r.reason());
        insert.setTimestamp(4, Timestamp.from(r.at()));
        insert.executeUpdate();
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE comments SET open_reports = open_reports + 1"
          + (r.toQueue() ? ", status = 'pending'" : "") + " WHERE comment_id = ?")) {
        update.setString(1, r.commentId());
        update.executeUpdate();
      }
    } else if (event instanceof Comment.AuthorErased e) {
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE comments SET author_id = ?, author_name = ?, body = ?, status = ? WHERE comment_id = ?")) {
        update.setString(1, Comment.ERASED_AUTHOR_ID);
        update.setString(2, Comment.ERASED_AUTHOR_NAME);
        update.setString(3, e.body());
        update.setString(4, e.status().name());
        update.setString(5, e.commentId());
        update.executeUpdate();
      }
      JournalPurge.before(c, meta.persistenceId(), meta.sequenceNr());
    } else if (event instanceof Comment.Edited e) {
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE comments SET body = ?, status = 'pending', edited_at = ? WHERE comment_id = ?")) {
        update.setString(1, e.body());
        update.setTimestamp(2, Timestamp.from(e.at()));
        update.setString(3, e.commentId());
        update.executeUpdate();
      }
    }
  }

  private static void decide(Connection c, EventMeta meta, String commentId, Comment.Status status, String action,
      String moderatorId, String reason, String note, Instant at) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE comments SET status = ?, reason = ?, decided_at = ?, decided_by = ?"
            + (status == Comment.Status.approved ? ", open_reports = 0" : "") + " WHERE comment_id = ?")) {
      update.setString(1, status.name());
      update.setString(2, reason);
      update.setTimestamp(3, Timestamp.from(at));
      update.setString(4, moderatorId);
      update.setString(5, commentId);
      update.executeUpdate();
    }
    try (PreparedStatement log = c.prepareStatement(
        "INSERT INTO decisions (comment_id, seq, action, moderator_id, reason, note, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      log.setString(1, commentId);
      log.setLong(2, meta.sequenceNr());
      log.setString(3, action);
      log.setString(4, moderatorId);
      log.setString(5, reason);
      log.setString(6, note);
      log.setTimestamp(7, Timestamp.from(at));
      log.executeUpdate();
    }
  }
}
