package org.maproom.platform.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.maproom.platform.http.ProblemException;

/**
 * An opaque page cursor for lists ordered by a time and then an id: the last item's time and id. Stable under
 * inserts (unlike an offset); a cursor this service did not give out is a 400.
 */
public record PageCursor(Instant at, String id) {
  public String encode() {
    // Full precision: the database keeps microseconds, and a cursor rounded to milliseconds would repeat rows.
    String raw = at.getEpochSecond() + "." + at.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Empty for no cursor. */
  public static Optional<PageCursor> decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) return Optional.empty();
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      int dot = raw.indexOf('.');
      if (dot < 0 || dot > colon) throw new IllegalArgumentException("no time");
      Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)), Long.parseLong(raw.substring(dot + 1, colon)));
      return Optional.of(new PageCursor(at, raw.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("That is not a cursor this service gave out.");
    }
  }
}
