package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.maproom.notify.domain.QuietHours;
import org.maproom.notify.domain.Segments;
import org.maproom.notify.domain.UnsubscribeLinks;
import org.maproom.platform.PiiCipher;

/** Unit: segment counting, the recipient's sending window, and unsubscribe links. */
class SmsRulesTest {

  @Test
  void gsm7TextsCost160SeptetsASegmentAnd153WhenSplitWithExtensionCharactersCountingTwice() {
    assertThat(Segments.of("a".repeat(160))).isEqualTo(new Segments.Count(Segments.Encoding.GSM7, 160, 1));
    assertThat(Segments.of("a".repeat(161)).segments()).isEqualTo(2);
    assertThat(Segments.of("a".repeat(306)).segments()).isEqualTo(2);
    assertThat(Segments.of("a".repeat(307)).segments()).isEqualTo(3);
    assertThat(Segments.of("€".repeat(80))).isEqualTo(new Segments.Count(Segments.Encoding.GSM7, 160, 1));
    assertThat(Segments.of("[" + "a".repeat(159)).segments()).as("an extension character takes two septets").isEqualTo(2);
    assertThat(Segments.of("Grüße, señor! £5 @ 10:00 ÆØÅ").encoding()).isEqualTo(Segments.Encoding.GSM7);
  }

  @Test
  void anyCharacterOutsideGsm7MakesTheWholeTextUcs2At70UnitsASegmentAnd67WhenSplit() {
    assertThat(Segments.of("Curly \u201cquotes\u201d")).isEqualTo(new Segments.Count(Segments.Encoding.UCS2, 14, 1));
    assertThat(Segments.of("ж".repeat(70)).segments()).isEqualTo(1);
    assertThat(Segments.of("ж".repeat(71)).segments()).isEqualTo(2);
    assertThat(Segments.of("ж".repeat(134)).segments()).isEqualTo(2);
    assertThat(Segments.of("ж".repeat(135)).segments()).isEqualTo(3);
    assertThat(Segments.of("a".repeat(100) + "🗺").segments()).as("an emoji is two UTF-16 units and forces UCS-2").isEqualTo(2);
  }

  private static final QuietHours DAYTIME = new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0));

  @Test
  void aNumberIsTextedOnlyInsideTheWindowInEveryZoneItsCountrySpans() {
    var uk = QuietHours.zonesOf("+447911123456");
    assertThat(uk).isNotEmpty().allMatch(z -> z.getRules().getOffset(Instant.parse("2026-12-01T12:00:00Z")).getTotalSeconds() == 0);
    Instant london0730 = Instant.parse("2026-12-01T07:30:00Z");
    assertThat(DAYTIME.allows(london0730, uk)).isFalse();
    assertThat(DAYTIME.deferredUntil(london0730, uk)).contains(Instant.parse("2026-12-01T08:00:00Z"));
    assertThat(DAYTIME.allows(Instant.parse("2026-12-01T20:59:00Z"), uk)).isTrue();
    assertThat(DAYTIME.allows(Instant.parse("2026-12-01T21:00:00Z"), uk)).isFalse();

    var us = QuietHours.zonesOf("+12025550143");
    assertThat(us).contains(ZoneId.of("America/New_York"), ZoneId.of("Pacific/Honolulu"));
    Instant newYorkNoon = Instant.parse("2026-12-01T17:00:00Z"); // 07:00 in Honolulu
    assertThat(DAYTIME.allows(newYorkNoon, us)).as("still night in Hawaii").isFalse();
    Instant deferred = DAYTIME.deferredUntil(newYorkNoon, us).orElseThrow();
    assertThat(deferred.atZone(ZoneId.of("Pacific/Honolulu")).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
    assertThat(DAYTIME.allows(deferred, us)).isTrue();
  }

  @Test
  void aWindowThatStartsWhenItEndsHasNoQuietHoursAndABackwardsWindowIsRefused() {
    var always = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    assertThat(always.deferredUntil(Instant.parse("2026-12-01T03:00:00Z"), QuietHours.zonesOf("+447911123456"))).isEmpty();
    assertThatThrownBy(() -> new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsubscribeLinksNameTheirSendAndCannotBeForged() {
    byte[] key = new byte[32];
    var pii = new PiiCipher(Map.of("k1", key), "k1", "lookup-key-of-thirty-two-bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var links = new UnsubscribeLinks(pii, "https://example.org/u/");
    String token = links.tokenFor(123_456_789L);
    assertThat(links.linkFor(123_456_789L)).isEqualTo("https://example.org/u/" + token).hasSizeLessThan(60);
    assertThat(links.sendOf(token)).contains(123_456_789L);
    assertThat(links.sendOf(links.tokenFor(2L))).contains(2L);
    String forged = Long.toString(123_456_790L, 36) + token.substring(token.indexOf('.'));
    assertThat(links.sendOf(forged)).as("another send's id with this one's mac").isEmpty();
    assertThat(links.sendOf(token.substring(0, token.length() - 1) + "x")).isEmpty();
    assertThat(links.sendOf("")).isEmpty();
    assertThat(links.sendOf("abc")).isEmpty();
    assertThat(links.sendOf("x".repeat(10_000))).isEmpty();
    assertThat(links.sendOf("-1." + "0".repeat(20))).isEmpty();
  }
}
