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

  public record Row(String subscriberId, String encryptedPhone) {}

  private static final String NOT_SUPPRESSED =
      " NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.subscriber_id = subscribers.subscriber_id)";

  /** Active subscribers who signed up by {@code by}, after {@code afterId} in id order: a page of a fan-out. */
  public CompletionStage<List<Row>> page(String afterId, java.time.Instant by, int size) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT subscriber_id, encrypted_phone FROM subscribers WHERE subscriber_id > ? AND subscribed_at <= ? AND"
              + NOT_SUPPRESSED + " ORDER BY subscriber_id LIMIT ?")) {
        s.setString(1, afterId);
        s.setTimestamp(2, java.sql.Timestamp.from(by));
        s.setInt(3, size);
        List<Row> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) rows.add(new Row(r.getString(1), r.getString(2)));
        }
        return rows;
      }
    });
  }

  public CompletionStage<Long> count() {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM subscribers WHERE" + NOT_SUPPRESSED); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  /** Whether the number is on the suppression list: asked right before every send. */
  public CompletionStage<Boolean> suppressed(String subscriberId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM suppressions WHERE subscriber_id = ?")) {
        s.setString(1, subscriberId);
        try (ResultSet r = s.executeQuery()) {
          return r.next();
        }
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
}
