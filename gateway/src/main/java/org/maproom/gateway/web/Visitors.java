package org.maproom.gateway.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.gateway.Services;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.identity.IdentityToken;

/**
 * Who is asking. Every visitor has a first-party anonymous reader id (128 random bits in an HttpOnly, SameSite=Lax
 * cookie, Secure outside dev, never shared with anyone): what the counters count readers by. A signed-in visitor also
 * has a session: the token moderation-service issued, kept in its own HttpOnly cookie, resolved with
 * moderation-service on each request and turned into the signed, short-lived identity that services trust. The
 * gateway never forwards the session token itself.
 *
 * <p>Forms and cookie-authenticated API calls that change anything carry an anti-forgery token bound to the session
 * (or, before sign-in, to the reader id); scripts calling the API with {@code Authorization: Bearer} need none,
 * because a bearer token is never sent by a browser on its own.
 */
public final class Visitors {
  public static final String READER_COOKIE = "mr_reader";
  public static final String SESSION_COOKIE = "mr_session";
  public static final String FORM_FIELD = "csrf";
  public static final String FORM_HEADER = "X-CSRF-Token";
  private static final Pattern READER_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Pattern SESSION_TOKEN = Pattern.compile("[A-Za-z0-9_.~-]{16,200}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A signed-in visitor: their account, the identity to forward, and the session it came from. */
  public record SignedIn(ModerationApi.Account account, String identity, String sessionToken) {
    public boolean has(String role) {
      return account.roles().contains(role);
    }
  }

  /** {@code ip}: the reader's address ({@link ClientAddress}); {@code formToken} goes in every form this visitor is shown. */
  public record Visitor(String readerId, Optional<SignedIn> signedIn, String ip, String userAgent, String formToken) {
    public Optional<String> identity() {
      return signedIn.map(SignedIn::identity);
    }
  }

  private final Services services;
  private final IdentityToken tokens;
  private final boolean secure;
  private final ClientAddress addresses;

  public Visitors(Services services, IdentityToken tokens, boolean secure, ClientAddress addresses) {
    this.services = services;
    this.tokens = tokens;
    this.secure = secure;
    this.addresses = addresses;
  }

  /** The visitor, with a reader id cookie set on the answer when they had none; a stale session cookie is cleared. */
  public Route visitor(Function<Visitor, Route> inner) {
    return Directives.optionalCookie(SESSION_COOKIE, sessionCookie -> reader(anonymous -> {
      Optional<String> session = sessionCookie.map(c -> c.value()).filter(v -> SESSION_TOKEN.matcher(v).matches());
      return Directives.onSuccess(resolve(session), resolved -> {
        Optional<SignedIn> signedIn = resolved.signedIn();
        String holder = signedIn.map(SignedIn::sessionToken).orElse(anonymous.readerId());
        Visitor visitor = new Visitor(anonymous.readerId(), signedIn, anonymous.ip(), anonymous.userAgent(), tokens.formToken(holder));
        Route route = inner.apply(visitor);
        return resolved.stale() ? Directives.respondWithHeader(endSession(), just(route)) : route;
      });
    }));
  }

  /**
   * The visitor as a reader only (id, address, browser), never asking moderation-service about a session: for the
   * page's beacons, which a signed-in reader sends every 20 s and which need no more (no form token either: the page
   * token is their proof of origin).
   */
  public Route reader(Function<Visitor, Route> inner) {
    return Directives.optionalCookie(READER_COOKIE, readerCookie -> Directives.extractRequest(request ->
        Directives.optionalHeaderValueByName("User-Agent", ua -> {
          Optional<String> existing = readerCookie.map(c -> c.value()).filter(v -> READER_ID.matcher(v).matches());
          String readerId = existing.orElseGet(Visitors::newReaderId);
          String ip = addresses.of(request);
          Route route = inner.apply(new Visitor(readerId, Optional.empty(), ip, ua.orElse(null), null));
          if (existing.isPresent()) return route;
          return Directives.respondWithHeader(SetCookie.create(cookie(READER_COOKIE, readerId, Duration.ofDays(365))), just(route));
        })));
  }

  /**
   * A signed identity for an API caller, from {@code Authorization: Bearer} or the session cookie (which, for
   * anything but a read, needs the anti-forgery header too); 401 without a valid session.
   */
  public Route signedIn(Function<String, Route> inner) {
    return Directives.optionalHeaderValueByName("Authorization", header -> {
      Optional<String> bearer = header.filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).strip());
      if (bearer.isPresent()) return identityFor(bearer.get(), inner);
      return Directives.optionalCookie(SESSION_COOKIE, cookie -> Directives.extractMethod(method ->
          Directives.optionalHeaderValueByName(FORM_HEADER, formToken -> {
            String token = cookie.map(c -> c.value()).orElseThrow(() -> new ProblemException(401, "Unauthorized",
                "Sign in first: send Authorization: Bearer <token>, or sign in on the site."));
            if (!method.equals(HttpMethods.GET) && !tokens.verifyFormToken(formToken.orElse(null), token)) throw forged();
            return identityFor(token, inner);
          })));
    });
  }

  /** As {@link #signedIn}, and 403 unless the account has {@code role} (admins have every role). */
  public Route withRole(String role, Function<String, Route> inner) {
    return signedIn(identity -> {
      Identity who = tokens.verify(identity).orElseThrow(() -> new ProblemException(401, "Unauthorized", "Sign in first."));
      if (!who.has(role) && !who.has("admin")) throw new ProblemException(403, "Forbidden", "This needs the role " + role + ".");
      return inner.apply(identity);
    });
  }

  private Route identityFor(String sessionToken, Function<String, Route> inner) {
    return Directives.onComplete(resolveOrFail(sessionToken), result -> {
      if (result.isFailure()) {
        throw result.failed().get() instanceof ProblemException p ? p
            : new ProblemException(503, "Service unavailable", "Could not check the session.");
      }
      return inner.apply(result.get().identity());
    });
  }

  /** 403 unless {@code token} is this visitor's anti-forgery token. */
  public void checkForm(Visitor visitor, String token) {
    if (token == null || !token.equals(visitor.formToken())) throw forged();
  }

  private static ProblemException forged() {
    return new ProblemException(403, "Forbidden", "This request did not come from a page of this site; reload the page and try again.");
  }

  /** The cookie that keeps a new session, until it expires. */
  public SetCookie startSession(ModerationApi.Session session) {
    Duration left = Duration.between(Instant.now(), session.expiresAt());
    return SetCookie.create(cookie(SESSION_COOKIE, session.token(), left.isNegative() ? Duration.ZERO : left));
  }

  public SetCookie endSession() {
    return SetCookie.create(cookie(SESSION_COOKIE, "", Duration.ZERO));
  }

  private static java.util.function.Supplier<Route> just(Route route) {
    return () -> route;
  }

  /** {@code stale}: moderation-service does not know the session (expired or ended), so its cookie goes. */
  private record Resolved(Optional<SignedIn> signedIn, boolean stale) {}

  private CompletionStage<Resolved> resolve(Optional<String> session) {
    if (session.isEmpty()) return CompletableFuture.completedFuture(new Resolved(Optional.empty(), false));
    // One it could not check keeps its cookie; this page renders as for a visitor who is not signed in.
    return resolveOrFail(session.get()).handle((signedIn, failure) -> new Resolved(Optional.ofNullable(signedIn),
        failure != null && unwrap(failure) instanceof ProblemException p && p.problem().status() < 500));
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private CompletionStage<SignedIn> resolveOrFail(String sessionToken) {
    return services.moderation()
        .post("/sessions/resolve", new ModerationApi.ResolveSession(sessionToken), Optional.empty(), ModerationApi.Account.class)
        .thenApply(account -> new SignedIn(account,
            tokens.sign(new Identity(account.id(), account.displayName(), account.roles())), sessionToken));
  }

  private HttpCookie cookie(String name, String value, Duration maxAge) {
    return HttpCookie.create(name, value).withPath("/").withHttpOnly(true).withSecure(secure)
        .withSameSite(SameSite.Lax).withMaxAge(maxAge.toSeconds());
  }

  private static String newReaderId() {
    byte[] raw = new byte[16];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
