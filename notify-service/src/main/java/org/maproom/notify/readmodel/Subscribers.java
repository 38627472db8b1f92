package org.maproom.notify.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.maproom.platform.db.Database;

/** Reads of the subscribers read model. */
public final class Subscribers {
  private final Database db;

  public Subscribers(Database db) {
    this.db = db;
  }

  private static final String NOT_SUPPRESSED =
      " NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.subscriber_id = subscribers.subscriber_id)";

  public CompletionStage<Long> count() {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM subscribers WHERE" + NOT_SUPPRESSED); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  /** The numbers a signed-in account signed up (for its erasure). */
  public CompletionStage<List<String>> ofAccount(String accountId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT subscriber_id FROM subscribers WHERE account_id = ?")) {
        s.setString(1, accountId);
        List<String> ids = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) ids.add(r.getString(1));
        }
        return ids;
      }
    });
  }

  /** Numbers still waiting for their confirmation text since before {@code before}: past the waitlist's retention. */
  public CompletionStage<List<String>> waitingSince(java.time.Instant before, int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT subscriber_id FROM subscribers WHERE confirmed_at IS NULL AND subscribed_at < ? ORDER BY subscribed_at LIMIT ?")) {
        s.setTimestamp(1, java.sql.Timestamp.from(before));
        s.setInt(2, limit);
        List<String> ids = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) ids.add(r.getString(1));
        }
        return ids;
      }
    });
  }

  /** Numbers on the list whose confirmation text has not gone out: the waitlist while the program is not live. */
  public CompletionStage<Long> waiting() {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM subscribers WHERE confirmed_at IS NULL AND" + NOT_SUPPRESSED);
          ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
