package org.maproom.contracts.http;

import java.util.Map;

/**
 * The bodies of engagement-service's HTTP API (docs/api/engagement-service.yaml). {@code readerId} is the gateway's
 * first-party anonymous reader id; {@code userAgent} is the reader's, so crawlers and scripts are not counted.
 */
public final class EngagementApi {
  private EngagementApi() {}

  /** Items in one batch from a gateway: views, or taps and votes. */
  public static final int MAX_BATCH = 1000;

  /** {@code referrer}: the page's Referer; {@code source}: its {@code utm_source} or {@code ref}, which win. */
  public record RecordView(String readerId, String userAgent, String referrer, String source, String ip) {}

  /** Views of one article gathered by a gateway: written together, answered together. */
  public record RecordViews(java.util.List<RecordView> views) {}

  /** Sent every ~20 s by a visible tab. */
  public record Heartbeat(String readerId, String userAgent) {}

  /**
   * {@code channel}: copy-link, x, bluesky, mastodon, linkedin, email or native. {@code ip}: the reader's address,
   * for the per-address rate limit only (never stored).
   */
  public record Share(String readerId, String userAgent, String channel, String ip) {}

  /**
   * An article's counters, as defined in DESIGN.md: {@code views} page views; {@code reach} distinct readers ever;
   * {@code readingNow} distinct readers with a heartbeat in the last 60 s; {@code active24h} distinct readers who
   * opened or read it in the trailing 24 hours; {@code shares} by channel; {@code inbound} visits from other sites,
   * by referring domain (the top 20, most first, then "other"); {@code comments} approved and visible;
   * {@code reactions} readers holding each kind; {@code poll} null when the article has none. Reactions and votes
   * show here within a second or so of being answered.
   */
  public record Counters(
      String articleId,
      long views,
      long reach,
      long readingNow,
      long active24h,
      long shares,
      Map<String, Long> sharesByChannel,
      long inbound,
      Map<String, Long> inboundByDomain,
      long comments,
      Map<String, Long> reactions,
      PollResults poll) {

    /** {@code closesAt} null: open until the writer closes it; {@code votes}: all options together. */
    public record PollResults(String question, java.time.Instant closesAt, long votes, java.util.List<OptionResult> options) {}

    public record OptionResult(String id, String label, long votes) {}
  }

  /**
   * An article's audience hour by hour, oldest first, for at most the last {@code HISTORY_DAYS} days: views, and
   * readers (distinct readers who viewed it or kept it open in that hour, estimated). Hours with neither are left out.
   */
  public record History(String articleId, java.util.List<Hour> hours) {
    public static final int HISTORY_DAYS = 14;

    public record Hour(java.time.Instant hour, long views, long readers) {}
  }

  /** Take a reaction ({@code held} true) or take it back (false). Setting what is already so changes nothing. */
  public record Reaction(String readerId, String userAgent, String kind, boolean held, String ip) {}

  /** Vote for an option, or change one's vote, until the poll closes. */
  public record Vote(String readerId, String userAgent, String optionId, String ip) {}

  /** A reader's own reactions and vote on an article ({@code vote} null if none). */
  public record ReaderChoices(java.util.Set<String> reactions, String vote) {}

  /**
   * Readers' taps and votes on one article, gathered by a gateway and sent together: each is judged and answered on
   * its own, exactly as the single endpoints would (a bad one fails alone).
   */
  public record ChoiceBatch(java.util.List<Choice> choices) {}

  /**
   * A reaction ({@code kind} and {@code held}) or a vote ({@code optionId}), with what the single endpoints take
   * from headers: the page's token ({@code pageToken}, null if the page sent none).
   */
  public record Choice(String readerId, String userAgent, String ip, String pageToken, String kind, Boolean held, String optionId) {
    public static Choice reaction(String readerId, String userAgent, String ip, String pageToken, String kind, Boolean held) {
      return new Choice(readerId, userAgent, ip, pageToken, kind, held, null);
    }

    public static Choice vote(String readerId, String userAgent, String ip, String pageToken, String optionId) {
      return new Choice(readerId, userAgent, ip, pageToken, null, null, optionId);
    }
  }

  /** One result per choice, in the batch's order. */
  public record ChoiceResults(java.util.List<ChoiceResult> results) {}

  /** The reader's choices now, or the problem that refused theirs ({@code retryAfterSeconds} with a 429). */
  public record ChoiceResult(ReaderChoices choices, Problem problem, Long retryAfterSeconds) {}

  /** {@code window}: "24h" (readers active in the last 24 hours) or "all" (reach). Most readers first. */
  public record TopArticles(String window, java.util.List<TopArticle> items) {}

  /** {@code readers}: active readers in the window, or reach for "all". */
  public record TopArticle(String articleId, long readers, long views) {}
}
