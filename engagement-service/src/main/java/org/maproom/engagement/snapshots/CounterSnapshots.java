package org.maproom.engagement.snapshots;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.maproom.contracts.events.EngagementEvent;
import org.maproom.contracts.http.EngagementApi.Counters;
import org.maproom.platform.db.Database;
import org.maproom.platform.kafka.EventProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the counters of the articles that changed, each at most once per {@code interval}: the newest snapshot
 * goes to maproom.engagement.v1 (for live pages) and to the {@code article_counters} table (for the top articles).
 * One per node; an article's entity lives on one node, so an article gets at most one snapshot per interval.
 * Snapshots replace each other, so one that fails to go out is not retried: the next change sends a newer one.
 */
public final class CounterSnapshots {
  private static final Logger log = LoggerFactory.getLogger(CounterSnapshots.class);

  public sealed interface Command {}

  /** An article's counters changed (sent by its entity after each write and heartbeat). */
  public record Changed(Counters counters) implements Command {}

  private enum Tick implements Command { INSTANCE }

  public static Behavior<Command> create(EventProducer producer, Database db, Clock clock, Duration interval) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      Map<String, Counters> changed = new HashMap<>();
      return Behaviors.receive(Command.class)
          .onMessage(Changed.class, c -> {
            changed.put(c.counters().articleId(), c.counters());
            return Behaviors.same();
          })
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (!changed.isEmpty()) publish(List.copyOf(changed.values()), producer, db, clock.instant());
            changed.clear();
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void publish(List<Counters> snapshots, EventProducer producer, Database db, Instant now) {
    for (Counters c : snapshots) {
      producer.send(new EngagementEvent.CountersChanged(c.articleId() + "@" + now, now, c.articleId(), c))
          .exceptionally(e -> {
            log.warn("A counter snapshot did not go out; the next one will", e);
            return null;
          });
    }
    db.transact(connection -> store(connection, snapshots, now)).exceptionally(e -> {
      log.warn("Counter snapshots were not stored; the next ones will be", e);
      return null;
    });
  }

  private static int store(Connection c, List<Counters> snapshots, Instant now) throws SQLException {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    try (PreparedStatement update = c.prepareStatement(
            "UPDATE article_counters SET views = ?, reach = ?, active_24h = ?, updated_at = ? WHERE article_id = ?");
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO article_counters(views, reach, active_24h, updated_at, article_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Counters s : snapshots) {
        if (bind(update, s, at).executeUpdate() == 0) bind(insert, s, at).executeUpdate();
      }
    }
    return snapshots.size();
  }

  private static PreparedStatement bind(PreparedStatement st, Counters s, OffsetDateTime at) throws SQLException {
    st.setLong(1, s.views());
    st.setLong(2, s.reach());
    st.setLong(3, s.active24h());
    st.setObject(4, at);
    st.setString(5, s.articleId());
    return st;
  }

  private CounterSnapshots() {}
}
