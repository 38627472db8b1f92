package org.maproom.gateway.api;

import static org.maproom.platform.http.ServiceClient.segment;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.gateway.Services;
import org.maproom.platform.http.Batcher;
import org.maproom.platform.http.ProblemException;

/**
 * Readers' taps and votes, sent to engagement-service in batches per article ({@link Batcher}): under a viral article
 * one call carries a round trip's worth of them. Each reader is answered as the single endpoint would answer them:
 * their choices, or their own problem (a 429 with its Retry-After).
 */
final class ChoiceBatcher {
  private final Batcher<EngagementApi.Choice, EngagementApi.ChoiceResult> batcher;

  ChoiceBatcher(Services services) {
    this.batcher = new Batcher<>(EngagementApi.MAX_BATCH, 2, (articleId, choices) -> services.engagement().post("/articles/" + segment(articleId) + "/choices/batch",
            new EngagementApi.ChoiceBatch(choices), Optional.empty(), EngagementApi.ChoiceResults.class)
        .thenApply(EngagementApi.ChoiceResults::results));
  }

  CompletionStage<EngagementApi.ReaderChoices> choose(String articleId, EngagementApi.Choice choice) {
    return batcher.add(articleId, choice).thenCompose(result -> result.problem() == null
        ? CompletableFuture.completedFuture(result.choices())
        : CompletableFuture.failedFuture(new ProblemException(result.problem(),
            Optional.ofNullable(result.retryAfterSeconds()).map(Duration::ofSeconds))));
  }
}
