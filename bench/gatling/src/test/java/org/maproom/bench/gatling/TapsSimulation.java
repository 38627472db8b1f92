package org.maproom.bench.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Reaction taps on one hot article through the gateway's public API, arriving at {@code bench.rate} a second for
 * {@code bench.seconds} (an open model: a slow answer does not slow the arrivals). Each tap is a reader's, with the
 * page token the gateway gave them, and toggles one kind (held, then taken back), so at the end the article's counts
 * must equal what was acknowledged: for each kind, the readers whose last answered tap held it.
 *
 * <p>Run against a running BenchSystem: {@code bench/run taps} (or {@code mvn -Pbench -pl bench/gatling gatling:test
 * -Dgatling.simulationClass=org.maproom.bench.gatling.TapsSimulation -Dbench.system=FILE -Dbench.rate=4000}).
 */
public class TapsSimulation extends Simulation {
  private static final int RATE = Integer.getInteger("bench.rate", 4000);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
  private static final int RAMP_SECONDS = 10;
  /** Enough readers that none taps more than ~24 times a minute (engagement-service allows a reader 30). */
  private static final int READERS = Math.max(1_000, RATE * 5 / 2);

  private final Target target = Target.load();
  private final List<Target.Reader> readers = target.newReaders(READERS);
  /** What the article counted before (earlier runs on the same system). */
  private final JsonNode before = target.counters().path("reactions");
  /** reader|kind → held, as the last answered tap left it. */
  private final Map<String, Boolean> held = new ConcurrentHashMap<>();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong next = new AtomicLong();
  private final Stats stats = new Stats();

  /** Tap i: reader i mod READERS, kinds in turn, each toggled from what was last acknowledged. */
  private final Iterator<Map<String, Object>> taps = Stream.generate(() -> {
    long i = next.getAndIncrement();
    Target.Reader r = readers.get((int) (i % READERS));
    String kind = Target.KINDS.get((int) ((i / READERS) % Target.KINDS.size()));
    boolean hold = !held.getOrDefault(r.id() + "|" + kind, false);
    return Map.<String, Object>of("reader", r.id(), "token", r.pageToken(), "kind", kind, "hold", hold);
  }).iterator();

  private final ScenarioBuilder tapping = scenario("taps").feed(taps)
      .exec(http("tap").post("/api/articles/" + target.article + "/reactions")
          .header("Cookie", "mr_reader=#{reader}")
          .header("X-Maproom-Page-Token", "#{token}")
          .body(StringBody("{\"kind\":\"#{kind}\",\"held\":#{hold}}")).asJson()
          .check(status().saveAs("status"), status().is(200), responseTimeInMillis().saveAs("rt")))
      .exec(session -> {
        if (Stats.ok(session)) held.put(session.getString("reader") + "|" + session.getString("kind"), session.getBoolean("hold"));
        // No answer, or the gateway's 503 when engagement-service did not answer in time: the tap may have been applied.
        else if (!session.contains("status") || session.getInt("status") == 503) unanswered.incrementAndGet();
        return stats.record("tap", session);
      });

  {
    // Ten seconds' ramp first, as a viral article's taps build up: the gateway takes new connections at a tenth of the
    // rate it answers requests on kept ones, and a pool opened all at once would measure only that.
    setUp(tapping.injectOpen(rampUsersPerSec(1).to(RATE).during(RAMP_SECONDS), constantUsersPerSec(RATE).during(SECONDS)))
        .protocols(http.baseUrl(target.gateway).shareConnections().disableCaching().userAgentHeader(Target.BROWSER));
  }

  @Override
  public void after() {
    stats.print(SECONDS + RAMP_SECONDS);
    Map<String, Long> expected = new java.util.TreeMap<>();
    Target.KINDS.forEach(k -> expected.put(k, before.path(k).asLong()));
    held.forEach((key, isHeld) -> {
      if (isHeld) expected.merge(key.substring(key.indexOf('|') + 1), 1L, Long::sum);
    });
    // Reactions reach the article's counts through a projection, within a second or so.
    JsonNode counters = target.countersWhen(c -> Target.KINDS.stream().allMatch(k -> c.path("reactions").path(k).asLong() == expected.get(k)), 60);
    boolean exact = Target.KINDS.stream().allMatch(k -> counters.path("reactions").path(k).asLong() == expected.get(k));
    // Each tap without a sure answer may or may not have moved its kind's count by one.
    boolean explained = Target.KINDS.stream().mapToLong(k -> Math.abs(counters.path("reactions").path(k).asLong() - expected.get(k))).sum()
        <= unanswered.get();
    System.out.printf("TAPS %s: acknowledged held %s, counted %s; %d taps without a sure answer%n",
        exact ? "EXACT" : explained ? "WITHIN THE UNANSWERED" : "MISMATCH", expected, counters.path("reactions"), unanswered.get());
  }
}
