package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.maproom.moderation.domain.Screening;
import org.maproom.moderation.domain.Screening.Author;
import org.maproom.moderation.domain.Thread;

class ScreeningTest {
  private final Screening rules = new Screening(List.of("slur"), List.of("free money", "casino"), Duration.ofDays(1),
      Duration.ofHours(24), 5, Duration.ofMinutes(10), 3, Duration.ofDays(90));
  private static final Author REGULAR = new Author(Duration.ofDays(30), 0, 0, 0, List.of());

  @Test
  void bannedWordsRejectAsWholeWordsWhateverTheCaseOrWidth() {
    assertThat(rules.review("What a SLUR.", REGULAR).rejectedFor()).isEqualTo("banned words");
    assertThat(rules.review("ｓｌｕｒ", REGULAR).rejectedFor()).as("full-width letters").isEqualTo("banned words");
    assertThat(rules.review("slurp your coffee", REGULAR).rejectedFor()).as("part of another word").isNull();
  }

  @Test
  void suspectWordsLinksFromNewAccountsRepeatsAndBurstsHoldForReviewWithTheirReasons() {
    assertThat(rules.review("Get FREE   money now", REGULAR).held()).containsExactly("suspect words");
    var newcomer = new Author(Duration.ofHours(3), 0, 0, 0, List.of());
    assertThat(rules.review("See https://example.org/x", newcomer).held()).containsExactly("link from a new account");
    assertThat(rules.review("See example.com for more", newcomer).held()).containsExactly("link from a new account");
    assertThat(rules.review("See https://example.org/x", REGULAR).held()).isEmpty();
    var repeater = new Author(Duration.ofDays(30), 0, 0, 1, List.of("Same  old take."));
    assertThat(rules.review("same old take.", repeater).held()).containsExactly("repeated text");
    var burst = new Author(Duration.ofDays(30), 0, 0, 5, List.of());
    assertThat(rules.review("Another one.", burst).held()).containsExactly("burst of comments");
    var all = new Author(Duration.ofHours(1), 0, 0, 9, List.of("casino at www.example.net"));
    assertThat(rules.review("casino at www.example.net", all).held())
        .containsExactly("suspect words", "link from a new account", "repeated text", "burst of comments");
  }

  @Test
  void trustComesFromApprovedCommentsWithoutRecentRejections() {
    assertThat(rules.review("Hi.", new Author(Duration.ofDays(30), 3, 0, 0, List.of())).trusted()).isTrue();
    assertThat(rules.review("Hi.", new Author(Duration.ofDays(30), 2, 0, 0, List.of())).trusted()).isFalse();
    assertThat(rules.review("Hi.", new Author(Duration.ofDays(30), 40, 1, 0, List.of())).trusted()).isFalse();
  }

  @Test
  void aThreadClosesOnRequestOrAfterItsDaysAndLetsOnlyTrustedReadersSkipTheQueueWhenSoSet() {
    Instant published = Instant.parse("2026-11-01T00:00:00Z");
    assertThat(Thread.Policy.DEFAULT.closedAt(published, published.plus(Duration.ofDays(3000)))).isFalse();
    var twoWeeks = new Thread.Policy(false, Thread.PreModerate.everyone, 14);
    assertThat(twoWeeks.closedAt(published, published.plus(Duration.ofDays(13)))).isFalse();
    assertThat(twoWeeks.closedAt(published, published.plus(Duration.ofDays(14)))).isTrue();
    assertThat(new Thread.Policy(true, Thread.PreModerate.everyone, null).closedAt(published, published)).isTrue();
    assertThat(Thread.Policy.DEFAULT.skipsQueue(true)).as("everyone is pre-moderated by default").isFalse();
    assertThat(new Thread.Policy(false, Thread.PreModerate.untrusted, null).skipsQueue(true)).isTrue();
    assertThat(new Thread.Policy(false, Thread.PreModerate.untrusted, null).skipsQueue(false)).isFalse();
  }
}
