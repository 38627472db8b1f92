package org.maproom.moderation.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Screening;
import org.maproom.platform.db.Database;
import org.maproom.platform.db.PageCursor;

/** Reads of the comments read model, the decision log, and the articles known from maproom.content.v1. */
public final class CommentQueries {
  private static final String COLUMNS = "comment_id, article_id, parent_id, author_id, author_name, body, status, created_at, held_for";
  private final Database db;

  public CommentQueries(Database db) {
    this.db = db;
  }

  /**
   * An article's approved comments in thread order: a page of top-level comments (oldest or newest first), each
   * followed by its approved replies, oldest first. {@code total} counts every approved comment, replies too.
   */
  public CompletionStage<ModerationApi.CommentList> thread(String articleId, boolean newestFirst, String cursor, int limit) {
    Optional<PageCursor> after = PageCursor.decode(cursor);
    String direction = newestFirst ? "DESC" : "ASC";
    return db.transact(c -> {
      List<Object> args = new ArrayList<>(List.of(articleId));
      String sql = "SELECT " + COLUMNS + " FROM comments WHERE article_id = ? AND status = 'approved' AND parent_id IS NULL"
          + page(after, newestFirst, args) + " ORDER BY created_at " + direction + ", comment_id " + direction + " LIMIT ?";
      args.add(limit + 1);
      List<ModerationApi.Comment> tops = list(c, sql, args);
      String next = nextCursor(tops, limit);
      List<ModerationApi.Comment> items = new ArrayList<>();
      for (ModerationApi.Comment top : tops.subList(0, Math.min(limit, tops.size()))) {
        items.add(top);
        items.addAll(list(c, "SELECT " + COLUMNS + " FROM comments WHERE parent_id = ? AND status = 'approved' "
            + "ORDER BY created_at, comment_id", List.of(top.id())));
      }
      return new ModerationApi.CommentList(items, next, count(c, "SELECT count(*) FROM comments WHERE article_id = ? AND status = 'approved'", List.of(articleId)));
    });
  }

  /**
   * A moderation queue: pending oldest first (first come, first judged), the others most recent first; "reported"
   * holds the comments with reader reports since their last approval, whatever their status.
   */
  public CompletionStage<ModerationApi.CommentList> queue(String status, String articleId, String cursor, int limit) {
    Optional<PageCursor> after = PageCursor.decode(cursor);
    boolean newestFirst = !status.equals("pending");
    String direction = newestFirst ? "DESC" : "ASC";
    return db.transact(c -> {
      List<Object> filter = new ArrayList<>();
      String where = " WHERE open_reports > 0";
      if (!status.equals("reported")) {
        where = " WHERE status = ?";
        filter.add(status);
      }
      if (articleId != null) {
        where += " AND article_id = ?";
        filter.add(articleId);
      }
      List<Object> args = new ArrayList<>(filter);
      String sql = "SELECT " + COLUMNS + " FROM comments" + where + page(after, newestFirst, args)
          + " ORDER BY created_at " + direction + ", comment_id " + direction + " LIMIT ?";
      args.add(limit + 1);
      List<ModerationApi.Comment> rows = list(c, sql, args);
      return new ModerationApi.CommentList(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), nextCursor(rows, limit),
          count(c, "SELECT count(*) FROM comments" + where, filter));
    });
  }

  public CompletionStage<Optional<ModerationApi.Comment>> comment(String commentId) {
    return db.transact(c -> one(c, commentId));
  }

  /** The comment, its article's title, its parent, the author's last 20 comments and the comment's decisions. */
  public CompletionStage<Optional<ModerationApi.CommentContext>> context(String commentId) {
    return db.transact(c -> {
      Optional<ModerationApi.Comment> found = one(c, commentId);
      if (found.isEmpty()) return Optional.empty();
      ModerationApi.Comment comment = found.get();
      String title = titleOf(c, comment.articleId());
      ModerationApi.Comment parent = comment.parentId() == null ? null : one(c, comment.parentId()).orElse(null);
      List<ModerationApi.Comment> history = list(c, "SELECT " + COLUMNS + " FROM comments WHERE author_id = ? AND comment_id <> ? "
          + "ORDER BY created_at DESC LIMIT 20", List.of(comment.authorId(), commentId));
      List<ModerationApi.Decision> decisions = decisions(c, "SELECT comment_id, action, moderator_id, reason, note, decided_at "
          + "FROM decisions WHERE comment_id = ? ORDER BY seq", List.of(commentId));
      List<ModerationApi.ReportEntry> reports = new ArrayList<>();
      try (PreparedStatement s = bind(c.prepareStatement("SELECT reader_id, reason, reported_at FROM reports WHERE comment_id = ? "
          + "ORDER BY reported_at"), List.of(commentId)); ResultSet r = s.executeQuery()) {
        while (r.next()) reports.add(new ModerationApi.ReportEntry(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant()));
      }
      return Optional.of(new ModerationApi.CommentContext(comment, title, parent, history, decisions, reports));
    });
  }

  /** One moderator's decisions, most recent first. */
  public CompletionStage<ModerationApi.DecisionList> decisionsBy(String moderatorId, String cursor, int limit) {
    Optional<PageCursor> after = PageCursor.decode(cursor);
    return db.transact(c -> {
      List<Object> args = new ArrayList<>(List.of(moderatorId));
      String sql = "SELECT comment_id, action, moderator_id, reason, note, decided_at FROM decisions WHERE moderator_id = ?";
      if (after.isPresent()) {
        sql += " AND (decided_at < ? OR (decided_at = ? AND comment_id > ?))";
        Timestamp at = Timestamp.from(after.get().at());
        args.addAll(List.of(at, at, after.get().id()));
      }
      sql += " ORDER BY decided_at DESC, comment_id LIMIT ?";
      args.add(limit + 1);
      List<ModerationApi.Decision> rows = decisions(c, sql, args);
      String next = rows.size() > limit ? new PageCursor(rows.get(limit - 1).at(), rows.get(limit - 1).commentId()).encode() : null;
      return new ModerationApi.DecisionList(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), next);
    });
  }

  /** When the article was published, if it was. */
  public CompletionStage<Optional<java.time.Instant>> publishedAt(String articleId) {
    return db.transact(c -> {
      try (PreparedStatement s = bind(c.prepareStatement("SELECT published_at FROM known_articles WHERE article_id = ?"), List.of(articleId));
          ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getTimestamp(1).toInstant()) : Optional.<java.time.Instant>empty();
      }
    });
  }

  /** What screening needs to know of an author's recent comments, as of {@code now}. */
  public CompletionStage<Screening.Author> author(String authorId, java.time.Duration accountAge, java.time.Instant now, Screening rules) {
    return db.transact(c -> {
      Timestamp clean = Timestamp.from(now.minus(rules.cleanWindow()));
      Timestamp burst = Timestamp.from(now.minus(rules.burstWindow()));
      Timestamp repeat = Timestamp.from(now.minus(rules.repeatWindow()));
      long approved = count(c, "SELECT count(*) FROM comments WHERE author_id = ? AND status = 'approved'", List.of(authorId));
      long rejected = count(c, "SELECT count(*) FROM decisions d JOIN comments c ON c.comment_id = d.comment_id "
          + "WHERE c.author_id = ? AND d.action = 'rejected' AND d.decided_at >= ?", List.of(authorId, clean));
      long recent = count(c, "SELECT count(*) FROM comments WHERE author_id = ? AND created_at >= ?", List.of(authorId, burst));
      List<String> bodies = list(c, "SELECT " + COLUMNS + " FROM comments WHERE author_id = ? AND created_at >= ? "
          + "ORDER BY created_at DESC LIMIT 50", List.of(authorId, repeat)).stream().map(ModerationApi.Comment::body).toList();
      return new Screening.Author(accountAge, approved, rejected, recent, bodies);
    });
  }

  /** How many of the account's comments are visible now (its public profile). */
  public CompletionStage<Long> approvedCount(String accountId) {
    return db.transact(c -> count(c, "SELECT count(*) FROM comments WHERE author_id = ? AND status = 'approved'", List.of(accountId)));
  }

  /** What an account's data download holds from the read model: all its comments and the reports it made. */
  public record Authored(List<ModerationApi.Comment> comments, List<ModerationApi.MyReport> reports) {}

  public CompletionStage<Authored> authoredBy(String accountId) {
    return db.transact(c -> {
      var comments = list(c, "SELECT " + COLUMNS + " FROM comments WHERE author_id = ? ORDER BY created_at", List.of(accountId));
      List<ModerationApi.MyReport> reports = new ArrayList<>();
      try (PreparedStatement s = bind(c.prepareStatement(
          "SELECT comment_id, reason, reported_at FROM reports WHERE reader_id = ? ORDER BY reported_at"), List.of(accountId));
          ResultSet r = s.executeQuery()) {
        while (r.next()) reports.add(new ModerationApi.MyReport(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant()));
      }
      return new Authored(comments, reports);
    });
  }

  /** The ids of every comment the account wrote. */
  public CompletionStage<List<String>> idsBy(String accountId) {
    return db.transact(c -> list(c, "SELECT " + COLUMNS + " FROM comments WHERE author_id = ?", List.of(accountId)).stream()
        .map(ModerationApi.Comment::id).toList());
  }

  /** The title of an article as content-service published it, or null. */
  public CompletionStage<String> title(String articleId) {
    return db.transact(c -> titleOf(c, articleId));
  }

  private static String titleOf(Connection c, String articleId) throws SQLException {
    try (PreparedStatement s = bind(c.prepareStatement("SELECT title FROM known_articles WHERE article_id = ?"), List.of(articleId));
        ResultSet r = s.executeQuery()) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** The keyset condition for the page after {@code after}, in the list's direction. */
  private static String page(Optional<PageCursor> after, boolean newestFirst, List<Object> args) {
    if (after.isEmpty()) return "";
    Timestamp at = Timestamp.from(after.get().at());
    args.addAll(List.of(at, at, after.get().id()));
    return newestFirst
        ? " AND (created_at < ? OR (created_at = ? AND comment_id < ?))"
        : " AND (created_at > ? OR (created_at = ? AND comment_id > ?))";
  }

  private static String nextCursor(List<ModerationApi.Comment> rows, int limit) {
    if (rows.size() <= limit) return null;
    ModerationApi.Comment last = rows.get(limit - 1);
    return new PageCursor(last.createdAt(), last.id()).encode();
  }

  private static Optional<ModerationApi.Comment> one(Connection c, String commentId) throws SQLException {
    return list(c, "SELECT " + COLUMNS + " FROM comments WHERE comment_id = ?", List.of(commentId)).stream().findFirst();
  }

  private static List<ModerationApi.Comment> list(Connection c, String sql, List<Object> args) throws SQLException {
    try (PreparedStatement s = bind(c.prepareStatement(sql), args); ResultSet r = s.executeQuery()) {
      List<ModerationApi.Comment> items = new ArrayList<>();
      while (r.next()) {
        String held = r.getString(9);
        items.add(new ModerationApi.Comment(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
            r.getString(6), r.getString(7), r.getTimestamp(8).toInstant(), held == null ? List.of() : List.of(held.split("; "))));
      }
      return items;
    }
  }

  private static List<ModerationApi.Decision> decisions(Connection c, String sql, List<Object> args) throws SQLException {
    try (PreparedStatement s = bind(c.prepareStatement(sql), args); ResultSet r = s.executeQuery()) {
      List<ModerationApi.Decision> items = new ArrayList<>();
      while (r.next()) {
        items.add(new ModerationApi.Decision(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
            r.getTimestamp(6).toInstant()));
      }
      return items;
    }
  }

  private static long count(Connection c, String sql, List<Object> args) throws SQLException {
    try (PreparedStatement s = bind(c.prepareStatement(sql), args); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private static PreparedStatement bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
    return s;
  }
}
