package org.maproom.engagement.tally;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.domain.ReaderChoices;
import org.maproom.platform.db.Database;
import org.maproom.platform.projection.Projections;

/**
 * Carries readers' reactions and votes from their {@link ReaderChoices} buckets' journal to the article's counts: in
 * batches (a hot article's many taps become few writes), at least once, and {@link ArticleEngagement} applies each
 * bucket event only once by its sequence number. So every acknowledged tap is counted exactly once, also after a crash.
 */
public final class ChoiceTallies {
  private ChoiceTallies() {}

  public static void start(ActorSystem<?> system, Database db, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Projections.<ReaderChoices.Event>forward(system, db, "choice-tallies", ReaderChoices.TAGS, 500, Duration.ofMillis(100),
        batch -> {
          Map<String, List<ArticleEngagement.ChoiceChange>> byArticle = new LinkedHashMap<>();
          for (var d : batch) {
            byArticle.computeIfAbsent(d.event().articleId(), a -> new java.util.ArrayList<>())
                .add(d.event().change(d.meta().persistenceId(), d.meta().sequenceNr()));
          }
          CompletableFuture<?>[] applied = byArticle.entrySet().stream()
              .map(e -> sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, e.getKey())
                  .<Done>askWithStatus(reply -> new ArticleEngagement.ApplyChoices(e.getValue(), reply), timeout)
                  .toCompletableFuture())
              .toArray(CompletableFuture[]::new);
          return CompletableFuture.allOf(applied).thenApply(x -> Done.getInstance());
        });
  }
}
