package org.maproom.moderation.email;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.platform.db.Database;

/** The dev and test mailer: messages land in {@code email_outbox}, with the address masked (r***@example.org). */
public final class OutboxMailer implements Mailer {
  private final Database db;

  public OutboxMailer(Database db) {
    this.db = db;
  }

  @Override
  public CompletionStage<Void> send(String accountId, String to, String subject, String text) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO email_outbox (message_id, account_id, to_masked, subject, body, sent_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, UUID.randomUUID().toString());
        s.setString(2, accountId);
        s.setString(3, mask(to));
        s.setString(4, subject);
        s.setString(5, text);
        s.setTimestamp(6, Timestamp.from(Instant.now()));
        s.executeUpdate();
      }
      return null;
    });
  }

  /** The newest messages first, optionally for one account. */
  public static CompletionStage<ModerationApi.EmailOutbox> latest(Database db, String accountId, int limit) {
    return db.transact(c -> {
      String sql = "SELECT account_id, to_masked, subject, body, sent_at FROM email_outbox"
          + (accountId == null ? "" : " WHERE account_id = ?") + " ORDER BY sent_at DESC LIMIT ?";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (accountId != null) s.setString(i++, accountId);
        s.setInt(i, limit);
        List<ModerationApi.Email> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) items.add(new ModerationApi.Email(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getTimestamp(5).toInstant()));
        }
        return new ModerationApi.EmailOutbox(items);
      }
    });
  }

  static String mask(String address) {
    int at = address.indexOf('@');
    return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
  }
}
