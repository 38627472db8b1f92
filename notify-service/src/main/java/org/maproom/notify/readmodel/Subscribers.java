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

  /** Active subscribers after {@code afterId} in id order: a page of a fan-out. */
  public CompletionStage<List<Row>> page(String afterId, int size) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT subscriber_id, encrypted_phone FROM subscribers WHERE subscriber_id > ? ORDER BY subscriber_id LIMIT ?")) {
        s.setString(1, afterId);
        s.setInt(2, size);
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
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM subscribers"); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
