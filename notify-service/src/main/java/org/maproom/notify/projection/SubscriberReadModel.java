package org.maproom.notify.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.maproom.notify.domain.Subscriber;
import org.maproom.platform.projection.EventMeta;

/** Keeps the {@code subscribers} table (who to text) in step with the journal, exactly once. */
public final class SubscriberReadModel {
  private SubscriberReadModel() {}

  public static void apply(Connection c, Subscriber.Event event, EventMeta meta) throws SQLException {
    if (event instanceof Subscriber.Subscribed s) {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO subscribers (subscriber_id, encrypted_phone, subscribed_at) VALUES (?, ?, ?)")) {
        insert.setString(1, s.subscriberId());
        insert.setString(2, s.encryptedPhone());
        insert.setTimestamp(3, Timestamp.from(s.at()));
        insert.executeUpdate();
      }
    }
  }
}
