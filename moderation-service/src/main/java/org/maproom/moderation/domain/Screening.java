package org.maproom.moderation.domain;

import com.typesafe.config.Config;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The automatic screening a comment passes before a human sees it. Banned words reject it; suspect words, links from
 * an account younger than {@code linkAccountAge}, text its author already posted recently and bursts of comments hold
 * it for review with the reasons shown to moderators. An author with {@code trustedAfter} approved comments and no
 * rejection in {@code cleanWindow} is trusted, and where the thread allows it their comments skip the queue. The rules
 * are configuration ({@code moderation.screening}), not code.
 */
public final class Screening {
  private static final Pattern LINK = Pattern.compile(
      "(?i)(https?://|www\\.)\\S+|\\b[\\p{L}0-9-]+\\.(com|net|org|io|info|biz|xyz|ru|cn|top|click|link)\\b");

  /** What the screening decided. {@code held}: why it waits for a moderator (empty: it need not). */
  public record Verdict(String rejectedFor, List<String> held, boolean trusted) {
    public static final Verdict CLEAR = new Verdict(null, List.of(), false);
  }

  /** What is known of the author when they submit. {@code recentBodies}: their comments of the repeat window. */
  public record Author(Duration accountAge, long approved, long rejectedRecently, long inBurstWindow, List<String> recentBodies) {}

  private final List<Pattern> banned;
  private final List<Pattern> suspect;
  private final Duration linkAccountAge;
  private final int burstComments;
  private final long trustedAfter;
  private final Duration repeatWindow;
  private final Duration burstWindow;
  private final Duration cleanWindow;

  public Screening(List<String> bannedWords, List<String> suspectWords, Duration linkAccountAge, Duration repeatWindow,
      int burstComments, Duration burstWindow, long trustedAfter, Duration cleanWindow) {
    this.banned = bannedWords.stream().map(Screening::word).toList();
    this.suspect = suspectWords.stream().map(Screening::word).toList();
    this.linkAccountAge = linkAccountAge;
    this.repeatWindow = repeatWindow;
    this.burstComments = burstComments;
    this.burstWindow = burstWindow;
    this.trustedAfter = trustedAfter;
    this.cleanWindow = cleanWindow;
  }

  public static Screening fromConfig(Config c) {
    return new Screening(c.getStringList("banned-words"), c.getStringList("suspect-words"), c.getDuration("link-account-age"),
        c.getDuration("repeat-window"), c.getInt("burst.comments"), c.getDuration("burst.within"),
        c.getLong("trust.approved-comments"), c.getDuration("trust.clean-window"));
  }

  /** How far back an author's comments count as repeats. */
  public Duration repeatWindow() {
    return repeatWindow;
  }

  /** How far back comments count toward a burst. */
  public Duration burstWindow() {
    return burstWindow;
  }

  /** How long a rejection keeps an author untrusted. */
  public Duration cleanWindow() {
    return cleanWindow;
  }

  public Verdict review(String body, Author author) {
    String text = normalize(body);
    for (Pattern p : banned) {
      if (p.matcher(text).find()) return new Verdict("banned words", List.of(), false);
    }
    List<String> held = new ArrayList<>();
    if (suspect.stream().anyMatch(p -> p.matcher(text).find())) held.add("suspect words");
    if (LINK.matcher(body).find() && author.accountAge().compareTo(linkAccountAge) < 0) held.add("link from a new account");
    if (author.recentBodies().stream().map(Screening::normalize).anyMatch(text::equals)) held.add("repeated text");
    if (author.inBurstWindow() >= burstComments) held.add("burst of comments");
    boolean trusted = author.approved() >= trustedAfter && author.rejectedRecently() == 0;
    return new Verdict(null, List.copyOf(held), trusted);
  }

  /** Compatibility-folded, lower case, single-spaced: "ＦＲＥＥ  Money" matches "free money". */
  static String normalize(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
  }

  private static Pattern word(String w) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(normalize(w)) + "(?![\\p{L}\\p{N}])");
  }
}
