package org.maproom.gateway.pages;

import java.util.List;
import java.util.function.ToLongFunction;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;

/**
 * What the article template shows. {@code counters} is null when engagement-service did not answer (each number then
 * shows "—"); {@code comments} is null when moderation-service did not answer. {@code pageToken} proves to
 * engagement-service that the page's beacons (heartbeats, taps, votes, shares) come from this page, for this reader.
 */
public record ArticlePage(
    String publication,
    ContentApi.Article article,
    EngagementApi.Counters counters,
    List<ModerationApi.Comment> comments,
    String pageToken) {

  public String count(ToLongFunction<EngagementApi.Counters> counter) {
    return counters == null ? "—" : Long.toString(counter.applyAsLong(counters));
  }
}
