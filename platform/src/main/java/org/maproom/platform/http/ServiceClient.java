package org.maproom.platform.http;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.http.Problem;
import org.maproom.platform.identity.IdentityToken;

/**
 * Calls one service's HTTP API with a timeout. A 2xx answer is read as JSON; a service's problem answer fails the
 * stage with a {@link ProblemException} carrying that same problem (so a 404 from a service stays a 404); no answer in
 * time, or none at all, fails with a 503 problem naming the service.
 */
public final class ServiceClient {
  private final ActorSystem<?> system;
  private final String name;
  private final String baseUri;
  private final Duration timeout;

  public ServiceClient(ActorSystem<?> system, String name, String baseUri, Duration timeout) {
    this.system = system;
    this.name = name;
    this.baseUri = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    this.timeout = timeout;
  }

  /** A path segment, percent-encoded so that a caller's "/" or ".." can never reach another endpoint. */
  public static String segment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  public <T> CompletionStage<T> get(String path, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.GET, path, null, identity, EventJson.mapper().constructType(type));
  }

  public <T> CompletionStage<T> post(String path, Object body, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.POST, path, body, identity, EventJson.mapper().constructType(type));
  }

  public <T> CompletionStage<T> put(String path, Object body, Optional<String> identity, Class<T> type) {
    return call(HttpMethods.PUT, path, body, identity, EventJson.mapper().constructType(type));
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
    HttpRequest request = HttpRequest.create(baseUri + path).withMethod(method);
    if (body != null) request = request.withEntity(ContentTypes.APPLICATION_JSON, EventJson.write(body));
    if (identity.isPresent()) request = request.addHeader(RawHeader.create(IdentityToken.HEADER, identity.get()));
    return Http.get(system)
        .singleRequest(request)
        .thenCompose(response -> response.entity().toStrict(timeout.toMillis(), system)
            .thenApply(strict -> this.<T>read(response, strict.getData().toArray(), type)))
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionally(failure -> {
          Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
          if (cause instanceof ProblemException p) throw p;
          throw new ProblemException(503, "Service unavailable", name + " did not answer; try again shortly.");
        });
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
