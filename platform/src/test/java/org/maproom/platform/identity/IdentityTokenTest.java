package org.maproom.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityTokenTest {
  private static final byte[] KEY = "a-test-key-of-at-least-thirty-two-bytes!".getBytes();
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static IdentityToken at(Instant now) {
    return new IdentityToken(KEY, Duration.ofSeconds(60), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void anIdentityVerifiesUntilItExpiresAndNotWhenTamperedWith() {
    String token = at(NOW).sign(new Identity("acc-1", "Ada", Set.of("reader")));
    assertThat(at(NOW.plusSeconds(59)).verify(token)).contains(new Identity("acc-1", "Ada", Set.of("reader")));
    assertThat(at(NOW.plusSeconds(61)).verify(token)).isEmpty();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertThat(at(NOW).verify(tampered)).isEmpty();
    assertThat(new IdentityToken("another-key-of-at-least-thirty-two-bytes".getBytes(), Duration.ofSeconds(60),
        Clock.fixed(NOW, ZoneOffset.UTC)).verify(token)).isEmpty();
  }

  @Test
  void aPageTokenIsForOneArticleAndReaderForTwelveHours() {
    String token = at(NOW).pageToken("an-article", "reader-1");
    assertThat(at(NOW.plus(Duration.ofHours(11))).verifyPageToken(token, "an-article", "reader-1")).isTrue();
    assertThat(at(NOW.plus(Duration.ofHours(13))).verifyPageToken(token, "an-article", "reader-1")).isFalse();
    assertThat(at(NOW).verifyPageToken(token, "another-article", "reader-1")).isFalse();
    assertThat(at(NOW).verifyPageToken(token, "an-article", "reader-2")).isFalse();
    assertThat(at(NOW.minus(Duration.ofHours(1))).verifyPageToken(token, "an-article", "reader-1")).as("issued in the future").isFalse();
    for (String garbage : new String[] {"", ".", "x.y", "17.!!", "abc", token + "x"}) {
      assertThat(at(NOW).verifyPageToken(garbage, "an-article", "reader-1")).as(garbage).isFalse();
    }
    assertThat(at(NOW).verify(token)).as("a page token is not an identity").isEmpty();
  }
}
