package org.maproom.platform.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.maproom.contracts.EventJson;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.identity.IdentityToken;
import org.maproom.platform.metrics.Metrics;

/**
 * A service's HTTP API, declared endpoint by endpoint ({@code GET /articles/{id}}). Each declaration is both a route
 * and an entry in {@link #endpoints()}, which a test compares with the service's OpenAPI file, so the document and the
 * routes cannot drift apart. Also the helpers every route uses: JSON bodies, replies from entities, the caller's
 * identity.
 */
public final class Api {
  /** Largest JSON body any API accepts; larger ones get 413. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  public record Endpoint(String method, String path) {}

  /** The values of a matched path's {@code {name}} segments. */
  public record PathParams(Map<String, String> values) {
    public String get(String name) {
      return values.get(name);
    }
  }

  private final IdentityToken identities;
  private UnaryOperator<Route> wrapper = UnaryOperator.identity();
  private Route fallback;
  private final List<Endpoint> endpoints = new ArrayList<>();
  /** Each endpoint's route, with its path template's segments ({@code {name}} for a parameter). */
  private record Declared(List<String> segments, Route route) {
    /** Could this path's segments match? Literals must be equal, parameters non-empty. */
    boolean fits(List<String> path) {
      if (path.size() != segments.size()) return false;
      for (int i = 0; i < path.size(); i++) {
        String s = segments.get(i);
        if (s.startsWith("{") ? path.get(i).isEmpty() : !s.equals(path.get(i))) return false;
      }
      return true;
    }
  }

  private final List<Declared> declared = new ArrayList<>();
  private Metrics metrics;

  public Api(IdentityToken identities) {
    this.identities = identities;
  }

  public Api get(String path, Function<PathParams, Route> handler) {
    return add(HttpMethods.GET, path, handler);
  }

  public Api post(String path, Function<PathParams, Route> handler) {
    return add(HttpMethods.POST, path, handler);
  }

  public Api put(String path, Function<PathParams, Route> handler) {
    return add(HttpMethods.PUT, path, handler);
  }

  public Api delete(String path, Function<PathParams, Route> handler) {
    return add(HttpMethods.DELETE, path, handler);
  }

  /** Wraps every endpoint's answer, errors included (e.g. with security headers). */
  public Api wrappedWith(java.util.function.Function<java.util.function.Supplier<Route>, Route> around) {
    this.wrapper = route -> around.apply(() -> route);
    return this;
  }

  /** What answers a request no endpoint matches (the gateway's HTML 404 page); without one, a 404 problem. */
  public Api fallback(Route route) {
    this.fallback = route;
    return this;
  }

  public List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  /**
   * All endpoints, sealed with problem+json error handling, each endpoint's answers timed into {@code metrics}. A
   * request is tried only against the endpoints whose path template fits its path (usually one), not against every
   * route in turn: with some eighty endpoints in the gateway, the rejections of the others cost more than the answer.
   */
  public Route route(Metrics metrics) {
    this.metrics = metrics;
    List<Declared> all = List.copyOf(declared);
    Route dispatch = Directives.extractUnmatchedPath(unmatched -> {
      List<String> path = segmentsOf(unmatched);
      List<Route> fitting = all.stream().filter(d -> d.fits(path)).map(Declared::route).toList();
      if (fitting.isEmpty()) return Directives.reject();
      return fitting.size() == 1 ? fitting.get(0) : Directives.concat(fitting.get(0), fitting.subList(1, fitting.size()).toArray(Route[]::new));
    });
    return wrapper.apply(Problems.seal(fallback == null ? dispatch : Directives.concat(dispatch, fallback)));
  }

  /** "/a/b%20c/" as ["a", "b c", ""]: decoded as the routes' path matchers decode it. */
  private static List<String> segmentsOf(String path) {
    List<String> segments = new ArrayList<>();
    for (String raw : path.substring(path.startsWith("/") ? 1 : 0).split("/", -1)) {
      segments.add(raw.indexOf('%') < 0 ? raw : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return segments;
  }

  private Api add(HttpMethod method, String path, Function<PathParams, Route> handler) {
    if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
    endpoints.add(new Endpoint(method.name(), path));
    List<String> segments = List.of(path.substring(1).split("/"));
    declared.add(new Declared(segments, match(segments, 0, Map.of(), method, params -> timed(method.name(), path, handler.apply(params)))));
    return this;
  }

  /** Sealed here as well, so that errors are timed with their status. The label is the template, never the path. */
  private Route timed(String method, String template, Route route) {
    return Directives.extractRequestContext(ctx -> {
      long start = System.nanoTime();
      return Directives.mapResponse(response -> {
        if (metrics != null) {
          metrics.recordRequest(method, template, response.status().intValue(), Duration.ofNanos(System.nanoTime() - start));
        }
        return response;
      }, () -> Problems.seal(route));
    });
  }

  private static Route match(
      List<String> segments, int i, Map<String, String> bound, HttpMethod method, Function<PathParams, Route> handler) {
    if (i == segments.size()) {
      return Directives.pathEnd(() -> Directives.method(method, () -> handler.apply(new PathParams(bound))));
    }
    String s = segments.get(i);
    if (s.startsWith("{") && s.endsWith("}")) {
      String name = s.substring(1, s.length() - 1);
      return Directives.pathPrefix(segment(), value -> {
        Map<String, String> more = new HashMap<>(bound);
        more.put(name, value);
        return match(segments, i + 1, more, method, handler);
      });
    }
    return Directives.pathPrefix(s, () -> match(segments, i + 1, bound, method, handler));
  }

  // ---- helpers for handlers ----

  private static final Unmarshaller<HttpEntity, String> JSON_TEXT = Unmarshaller.forMediaType(MediaTypes.APPLICATION_JSON, Unmarshaller.entityToString());

  /**
   * Reads a JSON body of {@code type} (at most {@link #MAX_BODY_BYTES}); malformed or empty bodies get a 400, text
   * that {@link org.maproom.platform.Text} refuses a 422.
   */
  public static <T> Route json(Class<T> type, Function<T, Route> inner) {
    return json(type, MAX_BODY_BYTES, inner);
  }

  /** The same with another size limit, for the few bodies that are large by nature (an article). */
  public static <T> Route json(Class<T> type, long maxBytes, Function<T, Route> inner) {
    return Directives.withSizeLimit(maxBytes, () ->
        Directives.entity(JSON_TEXT, body -> inner.apply(RequestJson.read(body, type))));
  }

  /** Answers with the value as JSON once it is there, or with the problem its failure means. */
  public static <T> Route reply(CompletionStage<T> result) {
    return reply(StatusCodes.OK, result);
  }

  public static <T> Route reply(StatusCode status, CompletionStage<T> result) {
    return Directives.onComplete(result, outcome -> {
      if (outcome.isSuccess()) {
        return Directives.complete(status, outcome.get(), Jackson.marshaller(EventJson.mapper()));
      }
      return Directives.complete(Problems.responseFor(outcome.failed().get()));
    });
  }

  public static Route ok(Object value) {
    return Directives.complete(StatusCodes.OK, value, Jackson.marshaller(EventJson.mapper()));
  }

  /** The caller, verified; 401 without a valid identity, 403 without the role. */
  public Route requireRole(String role, Function<Identity, Route> inner) {
    return requireIdentity(identity -> {
      if (!identity.has(role)) throw new ProblemException(403, "Forbidden", "This needs the role " + role + ".");
      return inner.apply(identity);
    });
  }

  /** The query string's parameters (the last value of each). */
  public static Route query(Function<Map<String, String>, Route> inner) {
    return Directives.parameterMap(inner);
  }

  /** The caller if the request carries a valid identity; empty for anonymous readers. */
  public Route optionalIdentity(Function<java.util.Optional<Identity>, Route> inner) {
    return Directives.optionalHeaderValueByName(IdentityToken.HEADER, header -> inner.apply(header.flatMap(identities::verify)));
  }

  public Route requireIdentity(Function<Identity, Route> inner) {
    return Directives.optionalHeaderValueByName(IdentityToken.HEADER, header -> {
      Identity identity =
          header.flatMap(identities::verify)
              .orElseThrow(() -> new ProblemException(401, "Unauthorized", "Sign in first."));
      return inner.apply(identity);
    });
  }
}
