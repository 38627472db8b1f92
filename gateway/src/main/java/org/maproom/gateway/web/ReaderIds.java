package org.maproom.gateway.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The first-party anonymous reader id: 128 random bits in an HttpOnly, SameSite=Lax cookie (Secure outside dev),
 * never shared with anyone. It is what the counters count readers by.
 */
public final class ReaderIds {
  public static final String COOKIE = "mr_reader";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final boolean secure;

  public ReaderIds(boolean secure) {
    this.secure = secure;
  }

  public Route withReaderId(Function<String, Route> inner) {
    return Directives.optionalCookie(COOKIE, cookie -> {
      Optional<String> existing = cookie.map(c -> c.value()).filter(v -> VALID.matcher(v).matches());
      if (existing.isPresent()) return inner.apply(existing.get());
      byte[] raw = new byte[16];
      RANDOM.nextBytes(raw);
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      HttpCookie fresh = HttpCookie.create(COOKIE, id).withPath("/").withHttpOnly(true).withSecure(secure)
          .withSameSite(SameSite.Lax).withMaxAge(60L * 60 * 24 * 365);
      return Directives.respondWithHeader(SetCookie.create(fresh), () -> inner.apply(id));
    });
  }
}
