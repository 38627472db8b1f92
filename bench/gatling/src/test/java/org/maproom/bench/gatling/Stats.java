package org.maproom.bench.gatling;

import io.gatling.javaapi.core.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answer times by request name and by minute of the run, from the times Gatling measured ({@code #{rt}}: a check
 * saves it), printed as REPORT lines (rate, p50, p99, max, errors; the format bench/run's table reads) and MINUTE lines.
 */
final class Stats {
  private record Key(String name, long minute) {}

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::name).thenComparingLong(Key::minute);
  private final long start = System.nanoTime();
  private final Map<Key, List<Long>> times = new TreeMap<>(ORDER);
  private final Map<Key, long[]> errors = new TreeMap<>(ORDER);

  /** Whether the request just made was answered and passed its checks (which saved its answer time as {@code rt}). */
  static boolean ok(Session session) {
    return session.contains("rt") && !session.isFailed();
  }

  /** Records the request just made under {@code name}; the session is ready for the user's next request. */
  synchronized Session record(String name, Session session) {
    Key key = new Key(name, (System.nanoTime() - start) / 60_000_000_000L);
    if (ok(session)) times.computeIfAbsent(key, k -> new ArrayList<>()).add(session.getLong("rt"));
    else errors.computeIfAbsent(key, k -> new long[1])[0]++;
    return session.remove("rt").markAsSucceeded();
  }

  /** Requests named {@code name} that failed or got no answer (whether the system did them is not known). */
  synchronized long errors(String name) {
    return errors.entrySet().stream().filter(e -> e.getKey().name().equals(name)).mapToLong(e -> e.getValue()[0]).sum();
  }

  /** One REPORT line per request name over {@code seconds}, then a MINUTE line per name and minute. */
  synchronized void print(double seconds) {
    Map<String, List<Long>> all = new TreeMap<>();
    Map<String, Long> allErrors = new TreeMap<>();
    times.forEach((k, v) -> all.computeIfAbsent(k.name(), n -> new ArrayList<>()).addAll(v));
    errors.forEach((k, v) -> allErrors.merge(k.name(), v[0], Long::sum));
    allErrors.keySet().forEach(n -> all.computeIfAbsent(n, x -> new ArrayList<>()));
    all.forEach((name, t) -> System.out.println("REPORT " + name + "\t" + line(t, allErrors.getOrDefault(name, 0L), seconds)));
    Map<Key, List<Long>> minutes = new TreeMap<>(ORDER);
    minutes.putAll(times);
    errors.keySet().forEach(k -> minutes.computeIfAbsent(k, x -> new ArrayList<>()));
    minutes.forEach((k, t) -> System.out.printf("MINUTE %d %s\t%s%n", k.minute() + 1, k.name(),
        line(t, errors.containsKey(k) ? errors.get(k)[0] : 0, 60)));
  }

  private static String line(List<Long> t, long errors, double seconds) {
    long[] sorted = t.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format("%.0f\t%s\t%s\t%s\t%d", (sorted.length + errors) / seconds, at(sorted, 0.50), at(sorted, 0.99),
        sorted.length == 0 ? "-" : Long.toString(sorted[sorted.length - 1]), errors);
  }

  private static String at(long[] sorted, double q) {
    return sorted.length == 0 ? "-" : Long.toString(sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  }
}
