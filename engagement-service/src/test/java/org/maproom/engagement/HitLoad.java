package org.maproom.engagement;

import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.maproom.platform.identity.IdentityToken;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;

/**
 * A steady load of views and taps (each by a new reader, so each acknowledged one adds one) on many articles, spread
 * over the nodes a load balancer would send to, remembering per article and kind what was acknowledged (200) and what
 * went unanswered (the node died or stalled under the request: it may or may not have been written).
 */
final class HitLoad implements AutoCloseable {
  enum Kind { VIEW, TAP }

  static final String TAPPED = "Moved";
  private final List<String> articles;
  private final List<JsonHttp> nodes;
  private final List<Boolean> inRotation;
  private final Map<String, LongAdder> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> ambiguous = new ConcurrentHashMap<>();
  private final AtomicLong acknowledgedTotal = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  HitLoad(List<String> articles, List<JsonHttp> nodes, int clients) {
    this.articles = articles;
    this.nodes = new CopyOnWriteArrayList<>(nodes);
    this.inRotation = new CopyOnWriteArrayList<>(nodes.stream().map(n -> true).toList());
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(this::run, "hit-load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Take node i out of rotation. */
  void avoid(int i) {
    inRotation.set(i, false);
  }

  /** Put node i (new or back) in rotation. */
  void use(int i, JsonHttp node) {
    while (nodes.size() <= i) {
      nodes.add(node);
      inRotation.add(false);
    }
    nodes.set(i, node);
    inRotation.set(i, true);
  }

  long acknowledged() {
    return acknowledgedTotal.get();
  }

  long refused() {
    return refused.get();
  }

  /** Acknowledged hits of both kinds, by article. */
  Map<String, Long> acknowledgedByArticle() {
    Map<String, Long> total = new ConcurrentHashMap<>();
    snapshot(acknowledged).forEach((key, n) -> total.merge(key.substring(key.indexOf('/') + 1), n, Long::sum));
    return total;
  }

  long acknowledged(Kind kind, String article) {
    return count(acknowledged, kind, article);
  }

  long ambiguous(Kind kind, String article) {
    return count(ambiguous, kind, article);
  }

  long ambiguousTotal() {
    return snapshot(ambiguous).values().stream().mapToLong(Long::longValue).sum();
  }

  private static long count(Map<String, LongAdder> counts, Kind kind, String article) {
    LongAdder n = counts.get(kind + "/" + article);
    return n == null ? 0 : n.sum();
  }

  void awaitAcknowledged(long atLeast, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> acknowledgedTotal.get() >= atLeast);
  }

  void stop() {
    running.set(false);
    try {
      for (Thread t : threads) t.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void run() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      int node = random.nextInt(nodes.size());
      if (!inRotation.get(node)) continue;
      String article = articles.get(random.nextInt(articles.size()));
      String reader = UUID.randomUUID().toString();
      Kind kind = random.nextBoolean() ? Kind.VIEW : Kind.TAP;
      String key = kind + "/" + article;
      // Each reader on an address of their own: one address's hits are budgeted and rate-limited.
      String from = "\"ip\": \"" + EngagementServiceIntegrationTest.address(reader) + "\"";
      String body = kind == Kind.VIEW
          ? "{\"readerId\": \"" + reader + "\", \"userAgent\": \"" + JsonHttp.BROWSER + "\", " + from + "}"
          : "{\"readerId\": \"" + reader + "\", \"userAgent\": \"" + JsonHttp.BROWSER + "\", \"kind\": \"" + TAPPED + "\", \"held\": true, " + from + "}";
      String path = kind == Kind.VIEW ? "/views" : "/reactions";
      HttpRequest request = HttpRequest.newBuilder(URI.create(nodes.get(node).base() + "/articles/" + article + path))
          .timeout(Duration.ofSeconds(8))
          .header("Content-Type", "application/json")
          .header(IdentityToken.PAGE_HEADER, Identities.page(article, reader).get(IdentityToken.PAGE_HEADER))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          acknowledged.computeIfAbsent(key, k -> new LongAdder()).increment();
          acknowledgedTotal.incrementAndGet();
        } else {
          ambiguous.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
      } catch (ConnectException e) {
        refused.incrementAndGet(); // never sent
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        ambiguous.computeIfAbsent(key, k -> new LongAdder()).increment();
      }
    }
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> copy = new ConcurrentHashMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}
