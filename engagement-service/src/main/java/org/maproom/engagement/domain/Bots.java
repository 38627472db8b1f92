package org.maproom.engagement.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Hits that are not readers: known crawlers, link previewers, headless browsers and scripts, by user agent. */
public final class Bots {
  private final List<String> markers;

  /** {@code markers}: case-insensitive fragments of user agents that are not people (configuration). */
  public Bots(List<String> markers) {
    this.markers = markers.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
  }

  /** Why a hit with this user agent is not counted, or empty if it is a reader's. */
  public Optional<String> dropReason(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) return Optional.of("no-user-agent");
    String ua = userAgent.toLowerCase(Locale.ROOT);
    return markers.stream().anyMatch(ua::contains) ? Optional.of("bot") : Optional.empty();
  }
}
