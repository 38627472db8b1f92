package org.maproom.notify.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.platform.db.Database;

/**
 * The dev provider: "sending" stores the text, keyed by its send key, so developers and tests can read every text
 * sent. Only the last two digits of the number are kept. Each text counts as delivered at once.
 */
public final class DevOutbox implements SmsProvider {
  private final Database db;
  private final Clock clock;

  public DevOutbox(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "outbox";
  }

  @Override
  public CompletionStage<Outcome> send(SmsMessage m) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO sms_outbox (send_key, article_id, subscriber_id, to_last_digits, body, sent_at) "
              + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, m.sendKey());
        s.setString(2, m.campaignId());
        s.setString(3, m.subscriberId());
        s.setString(4, m.to().substring(m.to().length() - 2));
        s.setString(5, m.body());
        s.setTimestamp(6, Timestamp.from(clock.instant()));
        s.executeUpdate();
      }
      return new Accepted(sid(m.sendKey()), "delivered", org.maproom.notify.domain.Segments.of(m.body()).segments());
    });
  }

  @Override
  public CompletionStage<Lookup> lookup(SmsMessage m) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM sms_outbox WHERE send_key = ? AND body = ?")) {
        s.setString(1, m.sendKey());
        s.setString(2, m.body());
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? new Found(sid(m.sendKey()), "delivered", 0) : new NotFound();
        }
      }
    });
  }

  @Override
  public CompletionStage<Lookup> status(String sid) {
    return java.util.concurrent.CompletableFuture.completedFuture(new Found(sid, "delivered", 0));
  }

  @Override
  public CompletionStage<Boolean> accountWorks() {
    return java.util.concurrent.CompletableFuture.completedFuture(true);
  }

  private static String sid(String sendKey) {
    return "dev:" + sendKey;
  }

  public CompletionStage<List<NotifyApi.OutboxMessage>> latest(int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT send_key, article_id, to_last_digits, body, sent_at FROM sms_outbox ORDER BY sent_at DESC, send_key LIMIT ?")) {
        s.setInt(1, limit);
        List<NotifyApi.OutboxMessage> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            items.add(new NotifyApi.OutboxMessage(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getTimestamp(5).toInstant()));
          }
        }
        return items;
      }
    });
  }
}
