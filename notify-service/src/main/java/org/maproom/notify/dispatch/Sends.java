package org.maproom.notify.dispatch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.notify.domain.SpendLimits;
import org.maproom.platform.db.Database;

/**
 * The {@code sends} table: every text, written before the provider is called and settled after, so that no
 * (campaign, subscriber) is ever texted twice, whatever crashes when. See V12 for the states. The SQL is plain
 * enough for PostgreSQL and for H2 in PostgreSQL mode (the dev launcher's embedded database).
 */
public final class Sends {
  public static final String WELCOME = "welcome";
  private static final String OPEN = "('waiting', 'pending', 'deferred', 'claimed', 'in_doubt')";
  private final Database db;

  public Sends(Database db) {
    this.db = db;
  }

  /** A send taken for sending: what the dispatcher needs to build and address it. */
  public record Claimed(long id, String campaignId, String subscriberId, String sendKey, String encryptedPhone, boolean suppressed,
      String provider, Instant claimedAt) {}

  /**
   * A send's new state (and what the provider said), written in batches. {@code welcomeOf}: for a confirmation text,
   * its subscriber (whom an accepted or ambiguous one confirms); null for any other text. {@code cost}: what an
   * accepted text cost ({@link org.maproom.notify.domain.SpendLimits#cost}), else 0.
   */
  public record Settle(long id, String state, String provider, String sid, Integer segments, String deliveryStatus,
      String welcomeOf, String error, Instant notBefore, double cost) {
    public static Settle to(long id, String state, String error) {
      return new Settle(id, state, null, null, null, null, null, error, null, 0);
    }

    boolean accepted() {
      return state.equals("accepted");
    }
  }

  // ---- recipients ----

  /** One welcome (confirmation) text per opt-in; {@code episode} tells opt-ins of one number apart. Idempotent. */
  public static void addWelcome(Connection c, String subscriberId, long episode) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO sends (campaign_id, subscriber_id, send_key, state) "
        + "VALUES ('welcome', ?, ?, 'pending') ON CONFLICT DO NOTHING")) {
      s.setString(1, subscriberId);
      s.setString(2, WELCOME + ":" + subscriberId + ":" + episode);
      s.executeUpdate();
    }
  }

  /**
   * Lists the article's recipients (active, signed up by {@code by}) once; answers how many it has. A recipient whose
   * confirmation has not gone out yet waits for it.
   */
  public CompletionStage<Integer> listRecipients(String campaignId, Instant by) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO sends (campaign_id, subscriber_id, send_key, state) "
          + "SELECT ?, subscriber_id, ? || subscriber_id, CASE WHEN confirmed_at IS NULL THEN 'waiting' ELSE 'pending' END "
          + "FROM subscribers WHERE subscribed_at <= ? "
          + "AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.subscriber_id = subscribers.subscriber_id) "
          + "ON CONFLICT DO NOTHING")) {
        s.setString(1, campaignId);
        s.setString(2, campaignId + ":");
        s.setTimestamp(3, Timestamp.from(by));
        s.executeUpdate();
      }
      return (int) count(c, "SELECT count(*) FROM sends WHERE campaign_id = ?", campaignId);
    });
  }

  // ---- sending ----

  /**
   * Takes up to {@code limit} pending sends of running campaigns, oldest first, of which at most {@code confirmations}
   * confirmation texts (the day's cap); those are counted in today's spend in the same transaction.
   */
  public CompletionStage<List<Claimed>> claim(int limit, int confirmations) {
    return db.transact(c -> {
      List<String> running = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT campaign_id FROM campaigns WHERE status = 'running'");
          ResultSet r = s.executeQuery()) {
        while (r.next()) running.add(r.getString(1));
      }
      boolean welcomes = running.remove(WELCOME);
      List<Long> ids = pending(c, running, limit);
      int welcomeLimit = welcomes ? Math.min(limit, confirmations) : 0;
      List<Long> welcomeIds = welcomeLimit == 0 ? List.of() : pending(c, List.of(WELCOME), welcomeLimit);
      ids.addAll(welcomeIds);
      java.util.Collections.sort(ids);
      ids = new ArrayList<>(ids.subList(0, Math.min(limit, ids.size())));
      if (ids.isEmpty()) return List.of();
      int claimedWelcomes = (int) ids.stream().filter(new java.util.HashSet<>(welcomeIds)::contains).count();
      if (claimedWelcomes > 0) addSpend(c, claimedWelcomes, 0);
      Timestamp now = Timestamp.from(Instant.now());
      Array idArray = c.createArrayOf("bigint", ids.toArray());
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE sends SET state = 'claimed', claimed_at = ?, attempts = attempts + 1 WHERE id = ANY(?)")) {
        s.setTimestamp(1, now);
        s.setArray(2, idArray);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(SELECT_CLAIMED + "WHERE s.id = ANY(?) ORDER BY s.id")) {
        s.setArray(1, idArray);
        return claimed(s);
      }
    });
  }

  private static List<Long> pending(Connection c, List<String> campaigns, int limit) throws SQLException {
    List<Long> ids = new ArrayList<>();
    if (campaigns.isEmpty()) return ids;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM sends WHERE state = 'pending' AND campaign_id = ANY(?) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
      s.setArray(1, c.createArrayOf("varchar", campaigns.toArray()));
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  private static final String SELECT_CLAIMED = "SELECT s.id, s.campaign_id, s.subscriber_id, s.send_key, "
      + "(SELECT encrypted_phone FROM subscribers sub WHERE sub.subscriber_id = s.subscriber_id), "
      + "EXISTS (SELECT 1 FROM suppressions x WHERE x.subscriber_id = s.subscriber_id), s.provider, s.claimed_at FROM sends s ";

  /**
   * Moves sends on: deferred ones whose window has opened, and waiting ones whose subscriber is confirmed (by START,
   * or in a race with their listing), become pending; waiting ones whose subscriber left the list are settled.
   */
  public CompletionStage<Integer> wake() {
    return db.transact(c -> {
      int moved = 0;
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET state = 'pending' WHERE state = 'deferred' AND not_before <= ?")) {
        s.setTimestamp(1, Timestamp.from(Instant.now()));
        moved += s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET state = 'suppressed' WHERE state = 'waiting' AND subscriber_id IN "
          + "(SELECT subscriber_id FROM suppressions)")) {
        moved += s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET state = 'pending' WHERE state = 'waiting' AND subscriber_id IN "
          + "(SELECT subscriber_id FROM subscribers WHERE confirmed_at IS NOT NULL)")) {
        moved += s.executeUpdate();
      }
      return moved;
    });
  }

  /** After a crash: whatever was handed to a provider by the dead process is in doubt from now on. */
  public CompletionStage<Integer> claimedToInDoubt() {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET state = 'in_doubt', claimed_at = now() WHERE state = 'claimed'")) {
        return s.executeUpdate();
      }
    });
  }

  /** Sends in doubt for longer than {@code grace}: long enough that any request of theirs has ended. */
  public CompletionStage<List<Claimed>> inDoubt(Duration grace, int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(SELECT_CLAIMED + "WHERE s.state = 'in_doubt' AND s.claimed_at < ? ORDER BY s.id LIMIT ?")) {
        s.setTimestamp(1, Timestamp.from(Instant.now().minus(grace)));
        s.setInt(2, limit);
        return claimed(s);
      }
    });
  }

  private static List<Claimed> claimed(PreparedStatement s) throws SQLException {
    List<Claimed> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        rows.add(new Claimed(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getBoolean(6), r.getString(7),
            r.getTimestamp(8).toInstant()));
      }
    }
    return rows;
  }

  /**
   * Writes outcomes, only over sends still claimed or in doubt (a late answer never undoes a settled send). An
   * accepted welcome (or an ambiguous one: it may have arrived) confirms its subscriber and releases the article
   * texts waiting for it; an accepted text starts its delivery status.
   */
  public CompletionStage<Integer> settle(List<Settle> outcomes) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET state = ?, provider = COALESCE(?, provider), "
          + "provider_sid = COALESCE(?, provider_sid), segments = COALESCE(?, segments), error = ?, not_before = ?, "
          + "sent_at = CASE WHEN ? THEN now() ELSE sent_at END WHERE id = ? AND state IN ('claimed', 'in_doubt')")) {
        for (Settle o : outcomes) {
          s.setString(1, o.state());
          s.setString(2, o.provider());
          s.setString(3, o.sid());
          if (o.segments() == null) s.setNull(4, Types.INTEGER); else s.setInt(4, o.segments());
          s.setString(5, o.error() == null ? null : o.error().substring(0, Math.min(120, o.error().length())));
          s.setTimestamp(6, o.notBefore() == null ? null : Timestamp.from(o.notBefore()));
          s.setBoolean(7, o.accepted());
          s.setLong(8, o.id());
          s.addBatch();
        }
        s.executeBatch();
      }
      // The status the provider answered with is its first and lowest: a callback that overtook it has already won.
      try (PreparedStatement first = c.prepareStatement("INSERT INTO delivery_status (provider_sid, status, rank, updated_at) "
          + "VALUES (?, ?, ?, now()) ON CONFLICT DO NOTHING")) {
        for (Settle o : outcomes) {
          if (!o.accepted() || o.deliveryStatus() == null || rank(o.deliveryStatus()) == 0) continue;
          first.setString(1, o.sid());
          first.setString(2, o.deliveryStatus());
          first.setInt(3, rank(o.deliveryStatus()));
          first.addBatch();
        }
        first.executeBatch();
      }
      try (PreparedStatement confirm = c.prepareStatement(
              "UPDATE subscribers SET confirmed_at = now() WHERE subscriber_id = ? AND confirmed_at IS NULL");
          PreparedStatement release = c.prepareStatement(
              "UPDATE sends SET state = 'pending' WHERE state = 'waiting' AND subscriber_id = ?")) {
        for (Settle o : outcomes) {
          if (o.welcomeOf() == null || !(o.accepted() || o.state().equals("ambiguous"))) continue;
          confirm.setString(1, o.welcomeOf());
          confirm.addBatch();
          release.setString(1, o.welcomeOf());
          release.addBatch();
        }
        confirm.executeBatch();
        release.executeBatch();
      }
      double cost = outcomes.stream().filter(Settle::accepted).mapToDouble(Settle::cost).sum();
      if (cost > 0) addSpend(c, 0, cost);
      return outcomes.size();
    });
  }

  // ---- spend ----

  /** Confirmations claimed today and the cost of texts accepted this month (UTC), from {@code sms_spend}. */
  public CompletionStage<SpendLimits.Spent> spent(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(CASE WHEN spend_day = ? THEN confirmations ELSE 0 END), 0), "
          + "COALESCE(SUM(cost), 0) FROM sms_spend WHERE spend_day >= ?")) {
        s.setObject(1, today);
        s.setObject(2, today.withDayOfMonth(1));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return new SpendLimits.Spent(r.getInt(1), r.getDouble(2));
        }
      }
    });
  }

  /** Adds to today's row (one dispatcher writes it, so an update that finds no row can insert it). */
  private static void addSpend(Connection c, int confirmations, double cost) throws SQLException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (PreparedStatement s = c.prepareStatement("UPDATE sms_spend SET confirmations = confirmations + ?, cost = cost + ? WHERE spend_day = ?")) {
      s.setInt(1, confirmations);
      s.setBigDecimal(2, java.math.BigDecimal.valueOf(cost));
      s.setObject(3, today);
      if (s.executeUpdate() > 0) return;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO sms_spend (spend_day, confirmations, cost) VALUES (?, ?, ?)")) {
      s.setObject(1, today);
      s.setInt(2, confirmations);
      s.setBigDecimal(3, java.math.BigDecimal.valueOf(cost));
      s.executeUpdate();
    }
  }

  // ---- delivery status ----

  /** Later states outrank earlier ones, so callbacks may come in any order and only ever move a message forward. */
  static int rank(String status) {
    return switch (status) {
      case "accepted", "scheduled" -> 1;
      case "queued" -> 2;
      case "sending" -> 3;
      case "sent" -> 4;
      case "delivered", "undelivered", "failed", "canceled" -> 5;
      default -> 0;
    };
  }

  /**
   * Moves a message's status forward (an update that only a higher rank wins, else an insert that loses to a
   * concurrent one, then the update again): in the same transaction as the caller's other writes.
   */
  private static void putStatus(Connection c, String sid, String status, int errorCode) throws SQLException {
    for (int attempt = 0; attempt < 2; attempt++) {
      try (PreparedStatement u = c.prepareStatement("UPDATE delivery_status SET status = ?, rank = ?, error_code = ?, updated_at = now() "
          + "WHERE provider_sid = ? AND rank < ?")) {
        u.setString(1, status);
        u.setInt(2, rank(status));
        if (errorCode == 0) u.setNull(3, Types.INTEGER); else u.setInt(3, errorCode);
        u.setString(4, sid);
        u.setInt(5, rank(status));
        if (u.executeUpdate() > 0) return;
      }
      try (PreparedStatement i = c.prepareStatement("INSERT INTO delivery_status (provider_sid, status, rank, error_code, updated_at) "
          + "VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING")) {
        i.setString(1, sid);
        i.setString(2, status);
        i.setInt(3, rank(status));
        if (errorCode == 0) i.setNull(4, Types.INTEGER); else i.setInt(4, errorCode);
        if (i.executeUpdate() > 0) return;
      }
    }
  }

  /**
   * A status callback (signed by the provider) or, {@code reconciled}, one asked for; false for a status we do not
   * know. Stored even before the send with this sid is: a callback may overtake our own bookkeeping.
   */
  public CompletionStage<Boolean> applyStatus(String sid, String status, int errorCode, boolean reconciled) {
    return db.transact(c -> {
      if (rank(status) == 0) return false;
      putStatus(c, sid, status, errorCode);
      if (reconciled) {
        try (PreparedStatement s = c.prepareStatement("UPDATE sends SET reconciled_at = now() WHERE provider_sid = ?")) {
          s.setString(1, sid);
          s.executeUpdate();
        }
      }
      return true;
    });
  }

  public record Unsettled(String sid, String provider) {}

  /** Accepted texts with no final status {@code after} their sending (and last reconciliation): callbacks lost. */
  public CompletionStage<List<Unsettled>> withoutFinalStatus(Duration after, int limit) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT s.provider_sid, s.provider FROM sends s "
          + "LEFT JOIN delivery_status d ON d.provider_sid = s.provider_sid WHERE s.state = 'accepted' "
          + "AND s.sent_at < ? AND (d.rank IS NULL OR d.rank < 5) "
          + "AND (s.reconciled_at IS NULL OR s.reconciled_at < ?) ORDER BY s.id LIMIT ?")) {
        Timestamp before = Timestamp.from(Instant.now().minus(after));
        s.setTimestamp(1, before);
        s.setTimestamp(2, before);
        s.setInt(3, limit);
        List<Unsettled> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) rows.add(new Unsettled(r.getString(1), r.getString(2)));
        }
        return rows;
      }
    });
  }

  // ---- campaigns ----

  /** Article campaigns with every send settled: ready to be marked completed. */
  public CompletionStage<List<String>> finishedCampaigns() {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT campaign_id FROM campaigns c WHERE status = 'running' AND total >= 0 "
          + "AND campaign_id <> 'welcome' AND NOT EXISTS (SELECT 1 FROM sends s WHERE s.campaign_id = c.campaign_id AND s.state IN " + OPEN + ")")) {
        List<String> ids = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) ids.add(r.getString(1));
        }
        return ids;
      }
    });
  }

  public record CampaignText(String title, String url) {}

  public CompletionStage<Optional<CampaignText>> text(String campaignId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT title, url FROM campaigns WHERE campaign_id = ?")) {
        s.setString(1, campaignId);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(new CampaignText(r.getString(1), r.getString(2))) : Optional.empty();
        }
      }
    });
  }

  /** Each campaign's figures; {@code campaignId} null for the latest 50 campaigns. */
  public CompletionStage<List<NotifyApi.CampaignProgress>> progress(String campaignId, double configuredSegmentsPerSecond) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT c.campaign_id, c.title, c.status, c.total, c.started_at, c.finished_at, "
          + "count(s.id) FILTER (WHERE s.state = 'accepted'), count(d.status) FILTER (WHERE d.status = 'delivered'), "
          + "count(s.id) FILTER (WHERE s.state = 'refused' OR d.status IN ('failed', 'undelivered')), "
          + "count(s.id) FILTER (WHERE s.state = 'deferred'), count(s.id) FILTER (WHERE s.state = 'ambiguous'), "
          + "count(s.id) FILTER (WHERE s.state IN ('suppressed', 'opted_out')), count(s.id) FILTER (WHERE s.state = 'cancelled'), "
          + "count(s.id) FILTER (WHERE s.state IN " + OPEN + "), COALESCE(sum(s.segments) FILTER (WHERE s.state = 'accepted'), 0), "
          + "count(s.id) FILTER (WHERE s.sent_at > ?), COALESCE(sum(s.segments) FILTER (WHERE s.sent_at > ?), 0) "
          + "FROM campaigns c LEFT JOIN sends s ON s.campaign_id = c.campaign_id LEFT JOIN delivery_status d ON d.provider_sid = s.provider_sid "
          + "WHERE c.campaign_id <> 'welcome' AND (CAST(? AS VARCHAR) IS NULL OR c.campaign_id = ?) "
          + "GROUP BY c.campaign_id, c.title, c.status, c.total, c.started_at, c.finished_at ORDER BY c.started_at DESC LIMIT 50")) {
        Timestamp recent = Timestamp.from(Instant.now().minusSeconds(10));
        s.setTimestamp(1, recent);
        s.setTimestamp(2, recent);
        s.setString(3, campaignId);
        s.setString(4, campaignId);
        List<NotifyApi.CampaignProgress> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            long open = r.getLong(14);
            long deferred = r.getLong(10);
            double textsPerSecond = r.getLong(16) / 10.0;
            double segmentsPerSecond = r.getLong(17) / 10.0;
            // Texts per second: as measured, else as configured (segments per text as sent so far, else one).
            double segmentsPerText = r.getLong(7) > 0 ? (double) r.getLong(15) / r.getLong(7) : 1;
            double pace = textsPerSecond > 0 ? textsPerSecond : configuredSegmentsPerSecond / segmentsPerText;
            // Nothing moving (paused, or every open text waiting for its window): no estimate.
            boolean moving = pace > 0 && open > deferred && !"paused".equals(r.getString(3));
            Long eta = open == 0 ? Long.valueOf(0) : moving ? Long.valueOf((long) Math.ceil((open - deferred) / pace)) : null;
            items.add(new NotifyApi.CampaignProgress(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
                r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11), r.getLong(12), r.getLong(13), open,
                r.getLong(15), textsPerSecond, segmentsPerSecond, eta, r.getTimestamp(5).toInstant(),
                r.getTimestamp(6) == null ? null : r.getTimestamp(6).toInstant()));
          }
        }
        return items;
      }
    });
  }

  // ---- links, windows ----

  public enum LinkUse { used, already_used, unknown }

  /** Marks a send's unsubscribe link used, once; answers whose number it was. */
  public CompletionStage<UsedLink> useLink(long sendId) {
    return db.transact(c -> {
      String subscriberId;
      try (PreparedStatement s = c.prepareStatement("SELECT subscriber_id FROM sends WHERE id = ?")) {
        s.setLong(1, sendId);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return new UsedLink(LinkUse.unknown, null);
          subscriberId = r.getString(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET link_used_at = now() WHERE id = ? AND link_used_at IS NULL")) {
        s.setLong(1, sendId);
        return s.executeUpdate() == 1 ? new UsedLink(LinkUse.used, subscriberId) : new UsedLink(LinkUse.already_used, null);
      }
    });
  }

  public record UsedLink(LinkUse use, String subscriberId) {}

  /** The sending window changed: deferred sends are looked at again now. */
  public CompletionStage<Integer> reconsiderDeferred() {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE sends SET state = 'pending', not_before = NULL WHERE state = 'deferred'")) {
        return s.executeUpdate();
      }
    });
  }

  private static long count(Connection c, String sql, Object arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, arg);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
