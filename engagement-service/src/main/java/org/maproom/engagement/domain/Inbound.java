package org.maproom.engagement.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a visit came from, as a referring domain: the link's own {@code utm_source} or {@code ref} first (a
 * newsletter or an app sends no Referer), else the Referer's host. The site itself, localhost and referrer spam
 * are not inbound.
 */
public final class Inbound {
  private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private final String siteHost;
  private final Set<String> spam;

  /** {@code spam}: domains whose visits are not counted, with all their subdomains. */
  public Inbound(String siteHost, Set<String> spam) {
    this.siteHost = withoutWww(siteHost.toLowerCase(Locale.ROOT));
    this.spam = spam;
  }

  /** The referring domain of a visit, if it came from another site. */
  public Optional<String> domainOf(String source, String referer) {
    if (source != null && !source.isBlank()) return accept(normalize(source));
    if (referer == null || referer.isBlank()) return Optional.empty();
    try {
      return accept(Optional.ofNullable(URI.create(referer.trim()).getHost()).map(Inbound::normalize).orElse(""));
    } catch (IllegalArgumentException notAUrl) {
      return Optional.empty();
    }
  }

  private Optional<String> accept(String domain) {
    if (!SOURCE.matcher(domain).matches() || domain.equals(siteHost) || isLocal(domain) || isSpam(domain)) {
      return Optional.empty();
    }
    return Optional.of(domain);
  }

  private boolean isSpam(String domain) {
    for (String d = domain; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
      if (spam.contains(d)) return true;
    }
    return spam.contains(domain);
  }

  private static boolean isLocal(String domain) {
    return domain.equals("localhost") || domain.endsWith(".localhost") || domain.startsWith("127.") || domain.equals("0.0.0.0");
  }

  /** "https://www.Example.org/x" or "WWW.example.org" → "example.org"; a plain source name is kept as it is. */
  private static String normalize(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.contains("://")) {
      try {
        v = Optional.ofNullable(URI.create(v).getHost()).orElse("");
      } catch (IllegalArgumentException notAUrl) {
        return "";
      }
    }
    if (v.endsWith(".")) v = v.substring(0, v.length() - 1);
    return withoutWww(v);
  }

  private static String withoutWww(String host) {
    return host.startsWith("www.") ? host.substring(4) : host;
  }
}
