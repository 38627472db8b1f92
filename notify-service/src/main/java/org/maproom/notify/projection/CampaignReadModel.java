package org.maproom.notify.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.maproom.notify.domain.Campaign;
import org.maproom.platform.projection.EventMeta;

/**
 * The {@code campaigns} table, from the Campaign entities' events, exactly once: what the dispatcher sends for and
 * operators see. A cancellation also settles the campaign's unsent texts, in the same transaction.
 */
public final class CampaignReadModel {
  private CampaignReadModel() {}

  public static void apply(Connection c, Campaign.Event event, EventMeta meta) throws SQLException {
    if (event instanceof Campaign.Started s) {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO campaigns (campaign_id, title, url, published_at, status, started_at) "
          + "VALUES (?, ?, ?, ?, 'running', ?) ON CONFLICT DO NOTHING")) {
        insert.setString(1, s.articleId());
        insert.setString(2, s.title());
        insert.setString(3, s.url());
        insert.setTimestamp(4, Timestamp.from(s.publishedAt()));
        insert.setTimestamp(5, Timestamp.from(s.at()));
        insert.executeUpdate();
      }
    } else if (event instanceof Campaign.RecipientsListed l) {
      update(c, "UPDATE campaigns SET total = " + l.total() + " WHERE campaign_id = ?", l.articleId());
    } else if (event instanceof Campaign.Paused p) {
      update(c, "UPDATE campaigns SET status = 'paused' WHERE campaign_id = ?", p.articleId());
    } else if (event instanceof Campaign.Resumed r) {
      update(c, "UPDATE campaigns SET status = 'running' WHERE campaign_id = ?", r.articleId());
    } else if (event instanceof Campaign.Cancelled x) {
      update(c, "UPDATE campaigns SET status = 'cancelled', finished_at = now() WHERE campaign_id = ?", x.articleId());
      update(c, "UPDATE sends SET state = 'cancelled' WHERE campaign_id = ? AND state IN ('pending', 'deferred')", x.articleId());
    } else if (event instanceof Campaign.Completed done) {
      update(c, "UPDATE campaigns SET status = 'completed', finished_at = now() WHERE campaign_id = ?", done.articleId());
    }
  }

  private static void update(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }
}
