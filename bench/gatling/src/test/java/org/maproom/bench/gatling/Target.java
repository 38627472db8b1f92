package org.maproom.bench.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running system a simulation loads, as {@code bench.BenchSystem} wrote it ({@code -Dbench.system=FILE}), and the
 * plain HTTP the simulations need around their load: readers with a page each, the counters before and after.
 */
final class Target {
  static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
  static final List<String> KINDS = List.of("Insightful", "Surprising", "Skeptical", "Moved");
  private static final Pattern READER_COOKIE = Pattern.compile("mr_reader=([A-Za-z0-9_-]+)");
  private static final Pattern PAGE_TOKEN = Pattern.compile("data-page-token=\"([^\"]+)\"");
  private static final Pattern POLL_OPTION = Pattern.compile("data-option=\"([^\"]+)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A reader the gateway has served the article to: their cookie and that page's token. */
  record Reader(String id, String pageToken) {}

  final String gateway;
  final String slug;
  final String article;
  final String adminToken;
  final String engagement;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private Target(Properties p) {
    gateway = p.getProperty("gateway");
    slug = p.getProperty("slug");
    article = p.getProperty("article");
    adminToken = p.getProperty("admin-token");
    engagement = p.getProperty("engagement");
  }

  static Target load() {
    Path file = Path.of(System.getProperty("bench.system", "../../bench/target/bench-system.properties"));
    try (java.io.Reader r = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(r);
      return new Target(p);
    } catch (IOException e) {
      throw new IllegalStateException("no running bench system described at " + file.toAbsolutePath() + " (bench/run starts one)", e);
    }
  }

  /** {@code n} new readers, each served the article page once (so each is also a view), 64 at a time. */
  List<Reader> newReaders(int n) {
    List<Reader> readers = Collections.synchronizedList(new ArrayList<>(n));
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inFlight.acquireUninterruptibly();
      all.add(http.sendAsync(page(), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
        Matcher cookie = READER_COOKIE.matcher(r.headers().firstValue("set-cookie").orElse(""));
        Matcher token = PAGE_TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !cookie.find() || !token.find()) throw new IllegalStateException("no reader from " + r);
        readers.add(new Reader(cookie.group(1), token.group(1)));
      }).whenComplete((ok, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return List.copyOf(readers);
  }

  /** The poll's option ids, from the page. */
  List<String> pollOptions() {
    String page = send(page()).body();
    List<String> options = new ArrayList<>();
    for (Matcher m = POLL_OPTION.matcher(page); m.find(); ) options.add(m.group(1));
    return options;
  }

  /** The article's counters, straight from engagement-service. */
  JsonNode counters() {
    try {
      return JSON.readTree(send(HttpRequest.newBuilder(URI.create(engagement + "/articles/" + article + "/counters")).build()).body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to {@code seconds} for {@code settled} to hold of the counters; the last counters either way. */
  JsonNode countersWhen(java.util.function.Predicate<JsonNode> settled, int seconds) {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode c = counters();
    while (!settled.test(c) && System.nanoTime() < until) {
      sleep(500);
      c = counters();
    }
    return c;
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest page() {
    return HttpRequest.newBuilder(URI.create(gateway + "/articles/" + slug)).header("User-Agent", BROWSER).build();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
