package org.maproom.notify.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.ibm.icu.util.TimeZone;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a number may be texted: only between {@code start} and {@code end} (08:00 to 21:00 by default) in the
 * recipient's local time, inferred from the number's country. A country that spans zones (the US, Australia,
 * Russia...) must be inside the window in every one of them, so nobody is woken: stricter, never wrong. A window
 * that starts when it ends has no quiet hours at all.
 */
public record QuietHours(LocalTime start, LocalTime end) {
  private static final Duration STEP = Duration.ofMinutes(5);
  /** A country's zones, looked up once: ICU reads them from its data files. */
  private static final java.util.Map<String, List<ZoneId>> ZONES = new java.util.concurrent.ConcurrentHashMap<>();

  public QuietHours {
    if (start.isAfter(end)) throw new IllegalArgumentException("the sending window must not start after it ends");
  }

  /** The zones the number may be in; empty when its country is unknown (then the window is not applied). */
  public static List<ZoneId> zonesOf(String e164) {
    try {
      var util = PhoneNumberUtil.getInstance();
      String region = util.getRegionCodeForNumber(util.parse(e164, "ZZ"));
      if (region == null || region.equals("ZZ") || region.equals("001")) return List.of();
      return ZONES.computeIfAbsent(region, QuietHours::zonesOfRegion);
    } catch (NumberParseException e) {
      return List.of();
    }
  }

  private static List<ZoneId> zonesOfRegion(String region) {
    List<ZoneId> zones = new ArrayList<>();
    for (String id : TimeZone.getAvailableIDs(TimeZone.SystemTimeZoneType.CANONICAL_LOCATION, region, null)) {
      try {
        zones.add(ZoneId.of(id));
      } catch (java.time.DateTimeException unknownToJava) {
        // ICU knows a zone this JDK does not: the others still bound the window.
      }
    }
    return List.copyOf(zones);
  }

  /** Whether the window leaves any hours quiet at all. */
  public boolean hasQuietHours() {
    return !start.equals(end);
  }

  public boolean allows(Instant at, List<ZoneId> zones) {
    if (start.equals(end)) return true;
    for (ZoneId zone : zones) {
      LocalTime local = at.atZone(zone).toLocalTime();
      if (local.isBefore(start) || !local.isBefore(end)) return false;
    }
    return true;
  }

  /** Empty if the number may be texted now; else the first moment (to five minutes) it may. */
  public Optional<Instant> deferredUntil(Instant now, List<ZoneId> zones) {
    if (allows(now, zones)) return Optional.empty();
    Instant t = now.plus(STEP).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    for (Instant limit = now.plus(Duration.ofHours(48)); t.isBefore(limit); t = t.plus(STEP)) {
      if (allows(t, zones)) return Optional.of(t);
    }
    // No common window (zones more than 24 h minus the window apart): the earliest opening anywhere, checked again then.
    return Optional.of(now.plus(Duration.ofHours(1)));
  }
}
