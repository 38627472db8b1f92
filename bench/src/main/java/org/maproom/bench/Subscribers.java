package org.maproom.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.maproom.platform.PiiCipher;

/** Confirmed SMS subscribers written straight into notify-service's read model, as many as a fan-out needs. */
final class Subscribers {
  /** {@code count} UK mobile numbers from +447930000000 up, signed up and confirmed a minute ago. */
  static void seedConfirmed(Connection c, PiiCipher pii, int count) throws SQLException {
    Instant signedUp = Instant.now().minusSeconds(60);
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO subscribers (subscriber_id, encrypted_phone, subscribed_at, confirmed_at) VALUES (?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        String e164 = "+4479" + (30_000_000 + i);
        String id = pii.lookupHash(e164);
        s.setString(1, id);
        s.setString(2, pii.encrypt(e164, id));
        s.setTimestamp(3, Timestamp.from(signedUp));
        s.setTimestamp(4, Timestamp.from(signedUp));
        s.addBatch();
        if (i % 5_000 == 4_999) s.executeBatch();
      }
      s.executeBatch();
      c.commit();
    }
    // As a long-lived database would have them: the planner's statistics for the table just filled.
    try (var analyze = c.createStatement()) {
      c.setAutoCommit(true);
      analyze.execute("ANALYZE subscribers");
    }
  }

  private Subscribers() {}
}
