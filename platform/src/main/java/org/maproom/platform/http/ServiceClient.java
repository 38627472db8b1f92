package org.maproom.platform.http;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.stream.BufferOverflowException;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.http.Problem;
import org.maproom.platform.identity.IdentityToken;

/**
 * Calls one service's HTTP API with a timeout. A 2xx answer is read as JSON; a service's problem answer fails the
 * stage with a {@link ProblemException} carrying that same problem (so a 404 from a service stays a 404); no answer in
 * time, or none at all, fails with a 503 problem naming the service.
 *
 * <p>A circuit breaker per service: after {@code maxFailures} calls in a row without an answer it stops calling for
 * {@code resetAfter} and fails at once, so a service that is down costs callers nothing but a 503. A call refused
 * because our own connection pool to the service is full is a 503 too, but not a failure of the service: under a
 * burst the pool sheds what it cannot queue, and the breaker stays closed for everything else. Reads (GET) that
 * got no answer are tried once more; writes never are, because the first may have been done.
 */
public final class ServiceClient {
  private final ActorSystem<?> system;
  private final String name;
  private final String baseUri;
  private final Duration timeout;
  private final CircuitBreaker breaker;

  public ServiceClient(ActorSystem<?> system, String name, String baseUri, Duration timeout) {
    this(system, name, baseUri, timeout, 5, Duration.ofSeconds(10));
  }

  public ServiceClient(ActorSystem<?> system, String name, String baseUri, Duration timeout, int maxFailures, Duration resetAfter) {
    this.system = system;
    this.name = name;
    this.baseUri = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    this.timeout = timeout;
    // The call's own timeout is ours (orTimeout below); the breaker's is a backstop just past it.
    this.breaker = CircuitBreaker.create(system.classicSystem().scheduler(), maxFailures,
        timeout.plusSeconds(1), resetAfter);
  }


  public String name() {
    return name;
  }

  /** A path segment, percent-encoded so that a caller's "/" or ".." can never reach another endpoint. */
  public static String segment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The named parameters the caller gave, percent-encoded, as a query string ("" when none): nothing else passes. */
  public static String passOn(java.util.Map<String, String> query, String... names) {
    java.util.StringJoiner joined = new java.util.StringJoiner("&", "?", "").setEmptyValue("");
    for (String name : names) {
      String value = query.get(name);
      if (value != null) joined.add(name + "=" + segment(value));
    }
    return joined.toString();
  }

  public <T> CompletionStage<T> get(String path, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.GET, path, null, identity, EventJson.mapper().constructType(type));
  }

  public <T> CompletionStage<T> post(String path, Object body, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.POST, path, body, identity, EventJson.mapper().constructType(type));
  }

  /** A POST with more headers (the gateway forwards a page's token this way). */
  public <T> CompletionStage<T> post(String path, Object body, Optional<String> identity, Map<String, String> headers, Class<T> type) {
    return call(HttpMethods.POST, path, body, identity, headers, EventJson.mapper().constructType(type));
  }

  public <T> CompletionStage<T> put(String path, Object body, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.PUT, path, body, identity, EventJson.mapper().constructType(type));
  }

  public <T> CompletionStage<T> delete(String path, Object body, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.DELETE, path, body, identity, EventJson.mapper().constructType(type));
  }

  /** A GET whose answer is passed on as it is (status, type, body): for feeds and other non-JSON documents. */
  public CompletionStage<HttpResponse> fetch(String path) {
    return Http.get(system)
        .singleRequest(HttpRequest.create(baseUri + path))
        .thenCompose(response -> response.entity().toStrict(timeout.toMillis(), system)
            .thenApply(strict -> HttpResponse.create().withStatus(response.status()).withEntity(strict)))
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionally(failure -> {
          throw new ProblemException(503, "Service unavailable", name + " did not answer; try again shortly.");
        });
  }

  private <T> CompletionStage<T> call(HttpMethod method, String path, Object body, Optional<String> identity, JavaType type) {
    return call(method, path, body, identity, Map.of(), type);
  }

  private <T> CompletionStage<T> call(
      HttpMethod method, String path, Object body, Optional<String> identity, Map<String, String> headers, JavaType type) {
    CompletionStage<T> first = guarded(() -> attempt(method, path, body, identity, headers, type));
    CompletionStage<T> result = !method.equals(HttpMethods.GET) ? first
        : first.exceptionallyCompose(failure -> unwrap(failure) instanceof NoAnswer && !breaker.isOpen()
            ? guarded(() -> attempt(method, path, body, identity, headers, type))
            : CompletableFuture.failedFuture(unwrap(failure)));
    return result.exceptionally(failure -> {
      Throwable cause = unwrap(failure);
      if (cause instanceof ProblemException p) throw p;
      throw new ProblemException(503, "Service unavailable", name + " did not answer; try again shortly.");
    });
  }

  /** Through the breaker: only no answer counts as a failure (a service's own problem answer is an answer). */
  private <T> CompletionStage<T> guarded(java.util.concurrent.Callable<CompletionStage<T>> call) {
    return breaker.callWithCircuitBreakerCS(call, (result, failure) -> failure.map(f -> unwrap(f) instanceof NoAnswer).orElse(false))
        .exceptionally(failure -> {
          Throwable cause = unwrap(failure);
          throw cause instanceof ProblemException p ? p : new NoAnswer();
        });
  }

  private <T> CompletionStage<T> attempt(
      HttpMethod method, String path, Object body, Optional<String> identity, Map<String, String> headers, JavaType type) {
    HttpRequest request = HttpRequest.create(baseUri + path).withMethod(method);
    for (var h : headers.entrySet()) request = request.addHeader(RawHeader.create(h.getKey(), h.getValue()));
    if (body != null) request = request.withEntity(ContentTypes.APPLICATION_JSON, EventJson.write(body));
    if (identity.isPresent()) request = request.addHeader(RawHeader.create(IdentityToken.HEADER, identity.get()));
    return Http.get(system)
        .singleRequest(request)
        .thenCompose(response -> response.entity().toStrict(timeout.toMillis(), system)
            .thenApply(strict -> this.<T>read(response, strict.getData().toArray(), type)))
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionally(failure -> {
          Throwable cause = unwrap(failure);
          if (cause instanceof ProblemException p) throw p;
          // Our own pool to the service is full: we are shedding load, which says nothing about the service.
          if (cause instanceof BufferOverflowException) throw new ProblemException(503, "Service busy", name + " is busy; try again shortly.");
          throw new NoAnswer();
        });
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /** The service did not answer: refused, dropped, timed out, or the breaker is open. */
  private static final class NoAnswer extends RuntimeException {
    NoAnswer() {
      super(null, null, false, false);
    }
  }

  private <T> T read(HttpResponse response, byte[] bytes, JavaType type) {
    int status = response.status().intValue();
    try {
      if (status >= 200 && status < 300) return EventJson.mapper().readValue(bytes, type);
      Problem problem = EventJson.mapper().readValue(bytes, Problem.class);
      throw new ProblemException(problem.status() == status ? problem : Problem.of(status, "Error", problem.detail()));
    } catch (java.io.IOException e) {
      throw new ProblemException(502, "Bad gateway", name + " answered something unreadable.");
    }
  }
}
