package org.maproom.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator: {@code clients} threads each send one request, wait for its answer, send the next,
 * for {@code duration}. Every latency is kept, so the percentiles are exact; an answer other than 200 is an error.
 * Bounded in time; loopback only.
 */
public final class LoadRun {
  public record Result(long requests, long errors, double seconds, long p50Micros, long p90Micros, long p99Micros, long maxMicros) {
    public double perSecond() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format("%,d requests in %.1f s = %,.0f req/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d errors",
          requests, seconds, perSecond(), p50Micros / 1000.0, p90Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0, errors);
    }
  }

  /** One request: a GET of {@code path}, or a POST of {@code json} to it. */
  /** A GET when {@code json} is null, else a POST of it; with extra headers (e.g. a signed identity). */
  public record Request(String path, String json, java.util.Map<String, String> headers) {
    public Request(String path, String json) {
      this(path, json, java.util.Map.of());
    }
  }

  private LoadRun() {}

  /** {@code path.apply(i)}: the path of the i-th GET (so a run can spread over many articles). */
  public static Result run(String base, IntFunction<String> path, int clients, Duration duration) throws Exception {
    return runRequests(base, i -> new Request(path.apply(i), null), clients, duration);
  }

  /** {@code request.apply(i)}: the i-th request; i counts up across all clients, so it can name a distinct reader. */
  public static Result runRequests(String base, IntFunction<Request> request, int clients, Duration duration) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + duration.toNanos();
    long started = System.nanoTime();
    List<Future<long[]>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        long[] latencies = new long[1 << 16];
        int n = 0;
        long errors = 0;
        for (int i = client; System.nanoTime() < end; i += clients) {
          Request r = request.apply(i);
          var builder = HttpRequest.newBuilder(URI.create(base + r.path())).timeout(Duration.ofSeconds(10));
          if (r.json() != null) builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(r.json()));
          r.headers().forEach(builder::header);
          long t0 = System.nanoTime();
          HttpResponse<Void> response = http.send(builder.build(), HttpResponse.BodyHandlers.discarding());
          long micros = (System.nanoTime() - t0) / 1000;
          if (response.statusCode() / 100 != 2) errors++;
          if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
          latencies[n++] = micros;
        }
        long[] out = Arrays.copyOf(latencies, n + 1);
        out[n] = errors; // the last slot carries the error count
        return out;
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) all.add(f.get());
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    long errors = 0;
    int total = 0;
    for (long[] a : all) {
      errors += a[a.length - 1];
      total += a.length - 1;
    }
    long[] latencies = new long[total];
    int k = 0;
    for (long[] a : all) {
      System.arraycopy(a, 0, latencies, k, a.length - 1);
      k += a.length - 1;
    }
    Arrays.sort(latencies);
    return new Result(total, errors, seconds, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
        latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
