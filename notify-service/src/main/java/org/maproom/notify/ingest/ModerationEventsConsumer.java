package org.maproom.notify.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.readmodel.Subscribers;

/** maproom.moderation.v1 → a deleted account's numbers (those it signed up while signed in) are erased too. */
public final class ModerationEventsConsumer {
  private final ClusterSharding sharding;
  private final Subscribers subscribers;
  private final Duration timeout;
  private final Clock clock;

  public ModerationEventsConsumer(ActorSystem<?> system, Subscribers subscribers, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.subscribers = subscribers;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public CompletionStage<?> handle(ModerationEvent event) {
    if (!(event instanceof ModerationEvent.AccountErased erased)) return CompletableFuture.completedFuture(null);
    return subscribers.ofAccount(erased.accountId()).thenCompose(ids -> CompletableFuture.allOf(ids.stream()
        .map(id -> sharding.entityRefFor(Subscriber.ENTITY_KEY, id)
            .<Done>askWithStatus(r -> new Subscriber.Erase(clock.instant(), r), timeout).toCompletableFuture())
        .toArray(CompletableFuture[]::new)));
  }
}
