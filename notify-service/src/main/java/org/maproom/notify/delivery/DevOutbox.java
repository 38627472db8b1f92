package org.maproom.notify.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.platform.db.Database;

/**
 * The dev and test SMS provider: "sending" stores the text, keyed by its send key, so a repeat is a no-op and
 * every text sent can be listed. Only the last two digits of the number are kept.
 */
public final class DevOutbox implements SmsProvider {
  private final Database db;
  private final Clock clock;

  public DevOutbox(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Done> send(SmsMessage m) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO sms_outbox (send_key, article_id, subscriber_id, to_last_digits, body, sent_at) "
              + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, m.sendKey());
        s.setString(2, m.articleId());
        s.setString(3, m.subscriberId());
        s.setString(4, m.to().substring(m.to().length() - 2));
        s.setString(5, m.body());
        s.setTimestamp(6, Timestamp.from(clock.instant()));
        s.executeUpdate();
      }
      return Done.getInstance();
    });
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
