package org.maproom.notify.readmodel;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.notify.domain.Subscriber;
import org.maproom.platform.db.Database;

/**
 * Taking a number off the list, one way for every path (the API, the link, STOP, an opt-out at the provider): the
 * Subscriber entity records it, and the suppression list has it before the answer goes back, so no text claimed
 * after that can reach the number. The projection writes the same row a moment later.
 */
public final class Suppressions {
  private final ClusterSharding sharding;
  private final Database db;
  private final Duration timeout;
  private final Clock clock;

  public Suppressions(ActorSystem<?> system, Database db, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.db = db;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public CompletionStage<Subscriber.Summary> unsubscribe(String subscriberId, Subscriber.Via via) {
    return sharding.entityRefFor(Subscriber.ENTITY_KEY, subscriberId)
        .<Subscriber.Summary>askWithStatus(r -> new Subscriber.Unsubscribe(via, clock.instant(), r), timeout)
        .thenCompose(summary -> summary.lastDigits() == null
            ? CompletableFuture.completedFuture(summary) // never on the list: nothing to suppress
            : db.transact(c -> {
              try (PreparedStatement s = c.prepareStatement(
                  "INSERT INTO suppressions (subscriber_id, reason, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, subscriberId);
                s.setString(2, via.name());
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                s.executeUpdate();
              }
              return summary;
            }));
  }
}
