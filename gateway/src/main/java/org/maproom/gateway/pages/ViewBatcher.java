package org.maproom.gateway.pages;

import static org.maproom.platform.http.ServiceClient.segment;

import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.platform.http.Batcher;
import org.maproom.platform.http.ServiceClient;

/**
 * The page views this gateway serves, sent to engagement-service in batches per article ({@link Batcher}): a viral
 * article costs one call per round trip, not one per reader. Each page still waits for its own view to be in the
 * journal, so a page that was served is a view that was counted, and a gateway that dies loses only answers it never
 * gave.
 */
public final class ViewBatcher {
  private final Batcher<EngagementApi.RecordView, EngagementApi.Counters> batcher;

  public ViewBatcher(ServiceClient engagement) {
    this.batcher = new Batcher<>(EngagementApi.MAX_BATCH, 2, (articleId, views) -> engagement.post("/articles/" + segment(articleId) + "/views/batch",
            new EngagementApi.RecordViews(views), Optional.empty(), EngagementApi.Counters.class)
        .thenApply(counters -> Collections.nCopies(views.size(), counters)));
  }

  /** Completes with the article's counters once this view is counted; fails as the batch's call failed. */
  public CompletionStage<EngagementApi.Counters> record(String articleId, EngagementApi.RecordView view) {
    return batcher.add(articleId, view);
  }
}
