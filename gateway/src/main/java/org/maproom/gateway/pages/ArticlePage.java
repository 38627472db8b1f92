package org.maproom.gateway.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToLongFunction;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;

/**
 * What the article template shows. {@code counters} is null when engagement-service did not answer (each number then
 * shows "—"); {@code comments} is null when moderation-service did not answer; {@code site} and {@code readNext} may
 * be null too. {@code pageToken} proves to engagement-service that the page's beacons (heartbeats, taps, votes,
 * shares) come from this page, for this reader. {@code myPending}: the signed-in reader's own comments awaiting
 * moderation, shown to them alone. {@code notice}: what the last form on this page did (see article.jte).
 */
public record ArticlePage(
    Frame frame,
    ContentApi.Article article,
    ContentApi.Site site,
    EngagementApi.Counters counters,
    ModerationApi.CommentList comments,
    String order,
    List<ModerationApi.Comment> myPending,
    List<ContentApi.ArticleSummary> readNext,
    String pageToken,
    String url,
    String notice) {

  public record ShareLink(String channel, String label, String href) {}

  public String count(ToLongFunction<EngagementApi.Counters> counter) {
    return counters == null ? "—" : Long.toString(counter.applyAsLong(counters));
  }

  public String reactions(String kind) {
    return counters == null ? "—" : Long.toString(counters.reactions().getOrDefault(kind, 0L));
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
