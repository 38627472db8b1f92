package org.maproom.gateway.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;

/**
 * What the article template shows, rendered once into a {@link PageShape} for every reader who gets the same page:
 * the reader's own values are holes, filled per request from {@link #holeValues}. The counters (after the reader's
 * view; "—" when engagement-service did not answer) and the page token, which proves to engagement-service that the
 * page's beacons (heartbeats, taps, votes, shares) come from this page for this reader, are such holes, and so is
 * the frame's form token. {@code comments} is null when moderation-service did not answer; {@code site} and
 * {@code readNext} may be null too. {@code myPending}: the signed-in reader's own comments awaiting moderation,
 * shown to them alone. {@code notice}: what the last form on this page did (see article.jte).
 */
public record ArticlePage(
    Frame frame,
    ContentApi.Article article,
    ContentApi.Site site,
    ModerationApi.CommentList comments,
    String order,
    List<ModerationApi.Comment> myPending,
    List<ContentApi.ArticleSummary> readNext,
    String url,
    String notice) {

  public record ShareLink(String channel, String label, String href) {}

  private static final Map<String, ToLongFunction<EngagementApi.Counters>> COUNTERS = Map.of(
      "reach", EngagementApi.Counters::reach,
      "readingNow", EngagementApi.Counters::readingNow,
      "active24h", EngagementApi.Counters::active24h,
      "shares", EngagementApi.Counters::shares,
      "inbound", EngagementApi.Counters::inbound,
      "comments", EngagementApi.Counters::comments);

  /** Where the counter {@code name} (one of {@link #COUNTERS}) goes. */
  public String count(String name) {
    if (!COUNTERS.containsKey(name)) throw new IllegalArgumentException("no counter " + name);
    return PageShape.hole("count:" + name);
  }

  /** Where the count of a reaction kind goes (by its place in the list: a kind's name is the writer's text). */
  public String reactions(String kind) {
    return PageShape.hole("reaction:" + reactionKinds().indexOf(kind));
  }

  public String pageToken() {
    return PageShape.hole("page");
  }

  /** The form token's hole, for the frame this page is rendered in. */
  public static String formTokenHole() {
    return PageShape.hole("form");
  }

  /** One reader's values for the holes: {@code counters} null shows "—" for every number. */
  public static Map<String, String> holeValues(EngagementApi.Counters counters, List<String> reactionKinds, String formToken, String pageToken) {
    Map<String, String> values = new HashMap<>();
    values.put("form", formToken);
    values.put("page", pageToken);
    COUNTERS.forEach((name, counter) -> values.put("count:" + name, counters == null ? "—" : Long.toString(counter.applyAsLong(counters))));
    for (int i = 0; i < reactionKinds.size(); i++) {
      long n = counters == null ? -1 : counters.reactions().getOrDefault(reactionKinds.get(i), 0L);
      values.put("reaction:" + i, n < 0 ? "—" : Long.toString(n));
    }
    return values;
  }

  public List<String> reactionKinds() {
    return site == null || site.reactionKinds() == null ? List.of() : site.reactionKinds();
  }

  public ContentApi.Promo promo() {
    return article.promo() != null ? article.promo() : site == null ? null : site.defaultPromo();
  }

  public boolean signedIn() {
    return frame.signedIn().isPresent();
  }

  public boolean mayComment() {
    return frame.signedIn().map(s -> s.account().emailVerified()).orElse(false);
  }

  /** Plain links, so sharing works without JavaScript; the script counts the click and uses the browser's share sheet. */
  public List<ShareLink> shareLinks() {
    String u = encode(url);
    String text = encode(article.title());
    return List.of(
        new ShareLink("x", "X", "https://x.com/intent/post?url=" + u + "&text=" + text),
        new ShareLink("bluesky", "Bluesky", "https://bsky.app/intent/compose?text=" + text + "%20" + u),
        new ShareLink("mastodon", "Mastodon", "https://mastodon.social/share?text=" + text + "%20" + u),
        new ShareLink("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u),
        new ShareLink("email", "Email", "mailto:?subject=" + text + "&body=" + u));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
