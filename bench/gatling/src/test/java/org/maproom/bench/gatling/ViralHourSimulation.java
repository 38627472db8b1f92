package org.maproom.bench.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The viral hour, compressed: readers arrive at {@code bench.multiple} x 833 a second (3 million views in an hour is
 * 833/s) for {@code bench.seconds}, an open model, so a slow system meets the same arrivals and its queueing shows.
 * Each reader loads the article page (a new reader: a counted view), opens its live-counter stream and holds it for a
 * read time (exponential, mean {@code bench.read-seconds}, at most four times that), sends a heartbeat every 20 s of
 * it, and on the way 5% tap a reaction, 2% vote, 0.5% share, 0.3% sign up for texts and 0.26% comment (7,900 replies
 * per 3 million views; as the bench's admin, who needs no moderation queue of their own). At minute one the writer
 * publishes the next piece, which texts every subscriber the bench system was started with (100,000 by default).
 *
 * <p>At the end it checks what was counted against what was answered: views, reactions by kind, votes by option,
 * shares (COUNTS lines), and prints answer times per request and per minute (REPORT and MINUTE lines).
 */
public class ViralHourSimulation extends Simulation {
  private static final double MULTIPLE = Double.parseDouble(System.getProperty("bench.multiple", "1"));
  private static final int SECONDS = Integer.getInteger("bench.seconds", 180);
  private static final int READ_SECONDS = Integer.getInteger("bench.read-seconds", 30);
  private static final double ARRIVALS = 833 * MULTIPLE;
  private static final int BEAT_SECONDS = 20;

  private final Target target = Target.load();
  private final List<String> options = target.pollOptions();
  private final JsonNode before = target.counters();
  private final Stats stats = new Stats();
  private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();
  private volatile long publishedAt;
  private volatile String nextArticle;

  private Session answered(String what, Session session) {
    if (Stats.ok(session)) answered.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    return stats.record(what.contains(":") ? what.substring(0, what.indexOf(':')) : what, session);
  }

  private ChainBuilder beacon(String name, String path, String body) {
    return exec(http(name).post("/api/articles/" + target.article + path)
        .header("X-Maproom-Page-Token", "#{token}")
        .body(StringBody(body)).asJson()
        .check(status().is(200), responseTimeInMillis().saveAs("rt")));
  }

  private final ChainBuilder tap = exec(session -> session.set("kind", Target.KINDS.get(ThreadLocalRandom.current().nextInt(Target.KINDS.size()))))
      .exec(beacon("tap", "/reactions", "{\"kind\":\"#{kind}\",\"held\":true}"))
      .exec(session -> answered("tap:" + session.getString("kind"), session));

  private final ChainBuilder vote = exec(session -> session.set("option", options.get(ThreadLocalRandom.current().nextInt(options.size()))))
      .exec(beacon("vote", "/votes", "{\"optionId\":\"#{option}\"}"))
      .exec(session -> answered("vote:" + session.getString("option"), session));

  private final ChainBuilder share = exec(beacon("share", "/shares", "{\"channel\":\"copy-link\"}"))
      .exec(session -> answered("share", session));

  private final ChainBuilder signUp = exec(session -> session.set("phone", "+1201" + (2_000_000 + ThreadLocalRandom.current().nextInt(7_000_000))))
      .exec(http("sms sign-up").post("/api/subscriptions")
          .body(StringBody("{\"phone\":\"#{phone}\",\"region\":\"US\",\"consent\":true,\"page\":\"/articles/" + target.slug + "\"}")).asJson()
          .check(status().in(200, 202), responseTimeInMillis().saveAs("rt")))
      .exec(session -> answered("sms sign-up", session));

  private final ChainBuilder comment = exec(http("comment").post("/api/articles/" + target.article + "/comments")
          .header("Authorization", "Bearer " + target.adminToken)
          .body(StringBody(session -> "{\"body\":\"A reply from the bench, number " + ThreadLocalRandom.current().nextLong(1L << 40) + ".\"}")).asJson()
          .check(status().is(201), responseTimeInMillis().saveAs("rt")))
      .exec(session -> answered("comment", session));

  private final ScenarioBuilder readers = scenario("readers")
      .exec(session -> {
        double mean = READ_SECONDS;
        long read = Math.round(Math.min(4 * mean, -mean * Math.log(1 - ThreadLocalRandom.current().nextDouble())));
        return session.set("beats", (int) (read / BEAT_SECONDS)).set("rest", (int) (read % BEAT_SECONDS));
      })
      .exec(http("page").get("/articles/" + target.slug)
          .check(status().is(200), regex("data-page-token=\"([^\"]+)\"").saveAs("token"), responseTimeInMillis().saveAs("rt"),
              // A number in the counters: the view is counted (a page whose view could not be, says "—" and is still served).
              regex("data-counter=\"views\">[0-9]+<|data-counter=\"reach\">[0-9]+<").count().saveAs("counted")))
      .exec(session -> answered(Stats.ok(session) && session.getInt("counted") == 0 ? "page:uncounted" : "page", session)
          .set("served", session.contains("token")))
      // A reader whose page did not come leaves; the others read it with its live counters open.
      .doIf("#{served}").then(exec(sse("live").get("/api/articles/" + target.article + "/live"))
          .randomSwitch().on(
              percent(5.0).then(tap),
              percent(2.0).then(vote),
              percent(0.5).then(share),
              percent(0.3).then(signUp),
              percent(0.26).then(comment))
          .repeat("#{beats}").on(pause(Duration.ofSeconds(BEAT_SECONDS))
              .exec(beacon("heartbeat", "/heartbeats", "{}")).exec(session -> answered("heartbeat", session)))
          .pause(session -> Duration.ofSeconds(session.getInt("rest")))
          .exec(sse("live").close()));

  /** At minute one the writer publishes the next piece: every subscriber is texted. */
  private final ScenarioBuilder writer = scenario("writer")
      .pause(Duration.ofSeconds(Math.min(60, SECONDS / 3)))
      .exec(http("publish: write").post("/api/articles").header("Authorization", "Bearer " + target.adminToken)
          .body(StringBody("{\"title\":\"The next piece\",\"dek\":\"Out now.\",\"body\":\"What comes next, and why it matters.\"}")).asJson()
          .check(status().is(201), jsonPath("$.slug").saveAs("next"),
              jsonPath("$.id").saveAs("nextId")))
      .exec(http("publish: publish").post("/api/articles/#{next}/publish").header("Authorization", "Bearer " + target.adminToken)
          .check(status().is(200)))
      .exec(session -> {
        publishedAt = System.nanoTime();
        nextArticle = session.getString("nextId");
        return session;
      });

  {
    setUp(
        readers.injectOpen(constantUsersPerSec(ARRIVALS).during(SECONDS)),
        writer.injectOpen(atOnceUsers(1)))
        .protocols(http.baseUrl(target.gateway).shareConnections().disableCaching().userAgentHeader(Target.BROWSER));
  }

  @Override
  public void after() {
    double runSeconds = SECONDS + READ_SECONDS; // arrivals for SECONDS, the last readers reading on
    stats.print(runSeconds);
    // Hits reach the counters as they are answered; reactions and votes through a projection, within a second or so.
    JsonNode after = target.countersWhen(c -> mismatches(c).isEmpty(), 60);
    List<String> wrong = mismatches(after);
    System.out.printf("COUNTS %s: answered %s; failed or unanswered (done or not, the client cannot know): %s%n",
        wrong.isEmpty() ? "EXACT" : "DIFFER " + wrong, answered,
        Map.of("page", stats.errors("page"), "tap", stats.errors("tap"), "vote", stats.errors("vote"), "share", stats.errors("share")));
    if (nextArticle != null) campaign();
  }

  /** What the counters say that the answers do not: views, reactions by kind, votes by option, shares. */
  private List<String> mismatches(JsonNode after) {
    List<String> wrong = new java.util.ArrayList<>();
    check(wrong, "views", before.path("views").asLong() + count("page"), after.path("views").asLong());
    check(wrong, "shares", before.path("shares").asLong() + count("share"), after.path("shares").asLong());
    for (String kind : Target.KINDS) {
      check(wrong, "reaction " + kind, before.path("reactions").path(kind).asLong() + count("tap:" + kind), after.path("reactions").path(kind).asLong());
    }
    for (JsonNode o : after.path("poll").path("options")) {
      String id = o.path("id").asText();
      long was = 0;
      for (JsonNode b : before.path("poll").path("options")) if (b.path("id").asText().equals(id)) was = b.path("votes").asLong();
      check(wrong, "votes " + id, was + count("vote:" + id), o.path("votes").asLong());
    }
    return wrong;
  }

  private long count(String what) {
    return answered.getOrDefault(what, new AtomicLong()).get();
  }

  private static void check(List<String> wrong, String what, long expected, long counted) {
    if (expected != counted) wrong.add(what + " expected " + expected + " counted " + counted);
  }

  /** The fan-out started at minute one: how far it got by the end of the load (it goes on at the sender's pace). */
  private void campaign() {
    String progress = target.send(HttpRequest.newBuilder(URI.create(target.gateway + "/api/admin/campaigns/" + nextArticle))
        .header("Authorization", "Bearer " + target.adminToken).build()).body();
    System.out.printf("SMS fan-out, %.0f s after publication: %s%n", (System.nanoTime() - publishedAt) / 1e9, progress);
  }
}
