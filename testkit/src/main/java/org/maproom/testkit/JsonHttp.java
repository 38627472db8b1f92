package org.maproom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.maproom.contracts.EventJson;

/**
 * A small real-HTTP client for tests: send JSON, get status, headers and body back. It introduces itself as a
 * browser, as the readers the tests play are (engagement-service does not count scripts' hits).
 */
public final class JsonHttp {
  public static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public JsonHttp(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return EventJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public <T> T as(Class<T> type) {
      try {
        return EventJson.mapper().readValue(body, type);
      } catch (IOException e) {
        throw new AssertionError("not a " + type.getSimpleName() + " (" + status + "): " + body, e);
      }
    }
  }

  public Response get(String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  public Response get(String path) {
    return get(path, Map.of());
  }

  public Response post(String path, Object body, Map<String, String> headers) {
    String json = body instanceof String s ? s : new String(EventJson.write(body), java.nio.charset.StandardCharsets.UTF_8);
    return postRaw(path, "application/json", json, headers);
  }

  public Response post(String path, Object body) {
    return post(path, body, Map.of());
  }

  public Response put(String path, Object body, Map<String, String> headers) {
    String json = new String(EventJson.write(body), java.nio.charset.StandardCharsets.UTF_8);
    var builder = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json));
    return send(builder, headers);
  }

  public Response delete(String path, Object body, Map<String, String> headers) {
    String json = new String(EventJson.write(body), java.nio.charset.StandardCharsets.UTF_8);
    var builder = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString(json));
    return send(builder, headers);
  }

  public Response postRaw(String path, String contentType, String body, Map<String, String> headers) {
    var builder = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(builder, headers);
  }

  private Response send(HttpRequest.Builder builder, Map<String, String> headers) {
    builder.header("User-Agent", BROWSER);
    headers.forEach(builder::setHeader);
    builder.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
