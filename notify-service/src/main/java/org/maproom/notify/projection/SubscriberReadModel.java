package org.maproom.notify.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.maproom.notify.dispatch.Sends;
import org.maproom.notify.domain.Subscriber;
import org.maproom.platform.db.JournalPurge;
import org.maproom.platform.projection.EventMeta;

/**
 * Keeps the {@code subscribers} table (who to text) and the {@code suppressions} list in step with the journal,
 * exactly once. Every opt-in (a sign-up, or coming back after leaving) queues one confirmation text. An erasure also deletes the subscriber's earlier journal events and snapshots (the number, the
 * consents) in the same transaction, leaving the Erased event and the keyed-hash suppression marker.
 */
public final class SubscriberReadModel {
  private SubscriberReadModel() {}

  public static void apply(Connection c, Subscriber.Event event, EventMeta meta) throws SQLException {
    if (event instanceof Subscriber.Subscribed s) {
      update(c, "DELETE FROM subscribers WHERE subscriber_id = ?", s.subscriberId());
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO subscribers (subscriber_id, encrypted_phone, subscribed_at, account_id) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, s.subscriberId());
        insert.setString(2, s.encryptedPhone());
        insert.setTimestamp(3, Timestamp.from(s.at()));
        insert.setString(4, s.accountId());
        insert.executeUpdate();
      }
      lift(c, s.subscriberId(), s.at());
      Sends.addWelcome(c, s.subscriberId(), meta.sequenceNr());
    } else if (event instanceof Subscriber.ConsentRenewed r && r.resubscribed()) {
      lift(c, r.subscriberId(), r.consent().at());
      if (Subscriber.BY_TEXT.equals(r.consent().page())) {
        // The reply to START confirms it: no second confirmation.
        update(c, "UPDATE subscribers SET confirmed_at = now() WHERE subscriber_id = ?", r.subscriberId());
      } else {
        update(c, "UPDATE subscribers SET confirmed_at = NULL WHERE subscriber_id = ?", r.subscriberId());
        Sends.addWelcome(c, r.subscriberId(), meta.sequenceNr());
      }
    } else if (event instanceof Subscriber.Unsubscribed u) {
      suppress(c, u.subscriberId(), u.via().name(), u.at());
    } else if (event instanceof Subscriber.Erased e) {
      update(c, "DELETE FROM subscribers WHERE subscriber_id = ?", e.subscriberId());
      suppress(c, e.subscriberId(), "erased", e.at());
      JournalPurge.before(c, meta.persistenceId(), meta.sequenceNr());
    }
  }

  /**
   * An opt-in lifts the suppressions that came before it, not one that came after: leaving by the API suppresses at
   * once, and this projection may apply the sign-up just before it only afterwards.
   */
  private static void lift(Connection c, String subscriberId, Instant optedInAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM suppressions WHERE subscriber_id = ? AND since <= ?")) {
      s.setString(1, subscriberId);
      s.setTimestamp(2, Timestamp.from(optedInAt));
      s.executeUpdate();
    }
  }

  private static void suppress(Connection c, String subscriberId, String reason, Instant since) throws SQLException {
    update(c, "DELETE FROM suppressions WHERE subscriber_id = ?", subscriberId);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO suppressions (subscriber_id, reason, since) VALUES (?, ?, ?)")) {
      insert.setString(1, subscriberId);
      insert.setString(2, reason);
      insert.setTimestamp(3, Timestamp.from(since));
      insert.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }
}
