package org.maproom.gateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/** Headers on every gateway response: a CSP with no inline script or style, no framing, no sniffing. */
public final class SecurityHeaders {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
  private final List<HttpHeader> headers;

  public SecurityHeaders(boolean hsts) {
    List<HttpHeader> h = new ArrayList<>(List.of(
        RawHeader.create("Content-Security-Policy", CSP),
        RawHeader.create("X-Content-Type-Options", "nosniff"),
        RawHeader.create("Referrer-Policy", "strict-origin-when-cross-origin"),
        RawHeader.create("Cross-Origin-Opener-Policy", "same-origin"),
        RawHeader.create("X-Frame-Options", "DENY")));
    if (hsts) h.add(RawHeader.create("Strict-Transport-Security", "max-age=31536000; includeSubDomains"));
    this.headers = List.copyOf(h);
  }

  public Route around(Supplier<Route> inner) {
    return Directives.respondWithHeaders(headers, inner);
  }
}
