package org.maproom.content.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.maproom.content.domain.Article;
import org.maproom.content.readmodel.ArticleQueries;

/**
 * Publishes scheduled articles when their time comes. The schedule lives in the read model (so it survives any
 * restart); one instance in the cluster looks every {@code interval} for articles that are due and tells each to
 * publish. The entity publishes only if it is still scheduled for a time that has come, so a late or repeated tick
 * is harmless.
 */
public final class PublicationScheduler {
  private sealed interface Tick {}

  private enum Check implements Tick { INSTANCE }

  private PublicationScheduler() {}

  public static void init(ActorSystem<?> system, ArticleQueries queries, Clock clock, Duration interval) {
    ShardedDaemonProcess.get(system).init(Tick.class, "publication-scheduler", 1,
        i -> behavior(system, queries, clock, interval), ShardedDaemonProcessSettings.create(system), Optional.empty());
  }

  private static Behavior<Tick> behavior(ActorSystem<?> system, ArticleQueries queries, Clock clock, Duration interval) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Duration timeout = system.settings().config().getDuration("maproom.ask-timeout");
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Check.INSTANCE, interval);
      return Behaviors.receive(Tick.class)
          .onMessage(Check.class, tick -> {
            queries.dueForPublication(clock.instant()).thenAccept(ids -> ids.forEach(id ->
                sharding.entityRefFor(Article.ENTITY_KEY, id)
                    .<Article.Written>askWithStatus(reply -> new Article.PublishDue(clock.instant(), reply), timeout)));
            return Behaviors.same();
          })
          .build();
    });
  }
}
