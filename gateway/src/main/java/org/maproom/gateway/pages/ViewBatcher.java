package org.maproom.gateway.pages;

import static org.maproom.platform.http.ServiceClient.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.platform.http.ServiceClient;

/**
 * The page views this gateway serves, sent to engagement-service a batch at a time per article: while a batch is on
 * its way, the views that arrive wait and go together in the next one (a group commit, as the article's entity does
 * with the journal). A quiet article sends each view alone at once; a viral one sends one call per round trip, not
 * one per reader. Each page still waits for its own view to be in the journal, so a page that was served is a view
 * that was counted, and a gateway that dies loses only answers it never gave.
 */
public final class ViewBatcher {
  /** As many as engagement-service takes in one batch. */
  static final int MAX_BATCH = 1000;
  /** Batches of one article on their way at once: the next gathers while the entity writes the last. */
  private static final int MAX_IN_FLIGHT = 2;

  private record Waiting(EngagementApi.RecordView view, CompletableFuture<EngagementApi.Counters> counted) {}

  private final ServiceClient engagement;
  private final Map<String, Article> articles = new ConcurrentHashMap<>();

  public ViewBatcher(ServiceClient engagement) {
    this.engagement = engagement;
  }

  /** Completes with the article's counters once this view is counted; fails as the batch's call failed. */
  public CompletionStage<EngagementApi.Counters> record(String articleId, EngagementApi.RecordView view) {
    return articles.computeIfAbsent(articleId, Article::new).add(view);
  }

  private final class Article {
    private final String path;
    private List<Waiting> waiting = new ArrayList<>();
    private int inFlight;

    Article(String articleId) {
      this.path = "/articles/" + segment(articleId) + "/views/batch";
    }

    CompletionStage<EngagementApi.Counters> add(EngagementApi.RecordView view) {
      var counted = new CompletableFuture<EngagementApi.Counters>();
      List<Waiting> batch;
      synchronized (this) {
        waiting.add(new Waiting(view, counted));
        batch = takeBatch();
      }
      if (batch != null) send(batch);
      return counted;
    }

    /** The next batch if one may go now (under this article's lock). */
    private List<Waiting> takeBatch() {
      if (inFlight >= MAX_IN_FLIGHT || waiting.isEmpty()) return null;
      inFlight++;
      if (waiting.size() <= MAX_BATCH) {
        List<Waiting> batch = waiting;
        waiting = new ArrayList<>();
        return batch;
      }
      List<Waiting> batch = new ArrayList<>(waiting.subList(0, MAX_BATCH));
      waiting = new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
      return batch;
    }

    private void send(List<Waiting> batch) {
      var body = new EngagementApi.RecordViews(batch.stream().map(Waiting::view).toList());
      engagement.post(path, body, Optional.empty(), EngagementApi.Counters.class).whenComplete((counters, failure) -> {
        List<Waiting> next;
        synchronized (this) {
          inFlight--;
          next = takeBatch();
        }
        if (next != null) send(next);
        for (Waiting w : batch) {
          if (failure == null) w.counted().complete(counters);
          else w.counted().completeExceptionally(failure);
        }
      });
    }
  }
}
