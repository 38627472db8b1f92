package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.EmailLinks;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev launcher as its own JVM on PostgreSQL, killed with SIGKILL in the middle of an SMS fan-out and started
 * again on the same data: every acknowledged write is still there, every subscriber gets exactly one text.
 */
class CrashRecoveryTest {
  private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTest.class);
  private static final String PG = System.getenv().getOrDefault("PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final int SUBSCRIBERS = 400;
  private static final String PREFIX = "mr_crash_" + UUID.randomUUID().toString().substring(0, 8) + "_";
  private static final List<Process> processes = new ArrayList<>();

  @AfterAll
  static void cleanUp() throws Exception {
    processes.forEach(Process::destroyForcibly);
    try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
      for (String s : new String[] {"content", "engagement", "moderation", "notify"}) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + PREFIX + s + " WITH (FORCE)");
      }
    }
  }

  record Launched(Process process, String url) {}

  static Launched launch(Path data, int kafkaPort) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path out = data.resolve("launcher-" + processes.size() + ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", classpath, "-Dmaproom.dev.data=" + data, "-Dmaproom.dev.free-ports=true",
        "-Dmaproom.dev.kafka-port=" + kafkaPort, DevMode.class.getName())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("PG_URL", PG);
    pb.environment().put("MAPROOM_DB_PREFIX", PREFIX);
    Process p = pb.start();
    processes.add(p);
    Pattern up = Pattern.compile("maproom is up:\\s+(\\S+)");
    String url = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
      if (!p.isAlive()) throw new AssertionError("the launcher died:\n" + Files.readString(out));
      Matcher m = up.matcher(Files.readString(out));
      return m.find() ? m.group(1) : null;
    }, u -> u != null);
    return new Launched(p, url);
  }

  static long outboxCount() throws Exception {
    String db = PG.substring(0, PG.lastIndexOf('/') + 1) + PREFIX + "notify";
    try (Connection c = DriverManager.getConnection(db, "postgres", "");
        ResultSet r = c.createStatement().executeQuery(
            "SELECT count(*), count(DISTINCT subscriber_id) FROM sms_outbox WHERE article_id = 'crash-course'")) {
      r.next();
      assertThat(r.getLong(1)).as("one text per subscriber").isEqualTo(r.getLong(2));
      return r.getLong(1);
    } catch (java.sql.SQLException e) {
      return -1; // the table is not there yet
    }
  }

  @Test
  void aKillDashNineInTheMiddleOfTheStoryLosesNothingAcknowledgedAndTextsNobodyTwice() throws Exception {
    Path data = Files.createTempDirectory("maproom-crash");
    int kafkaPort = Ports.free();
    Launched first = launch(data, kafkaPort);
    JsonHttp http = new JsonHttp(first.url());
    var session = http.post("/api/sessions", new ModerationApi.SignIn(DevMode.ADMIN_EMAIL, DevMode.ADMIN_PASSWORD));
    var admin = Map.of("Authorization", "Bearer " + session.as(ModerationApi.Session.class).token());

    int acknowledged = 0;
    for (int i = 0; i < SUBSCRIBERS; i++) {
      var r = http.post("/api/subscriptions", new NotifyApi.Subscribe(String.format("+4479111%05d", i), null, true, "/"));
      if (r.status() == 202) acknowledged++;
    }
    assertThat(acknowledged).isEqualTo(SUBSCRIBERS);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(http.get("/api/admin/sms/stats", admin).as(NotifyApi.Stats.class).activeSubscribers()).isEqualTo(SUBSCRIBERS));

    // Acknowledged before the crash: a view of the demo article, and a pending comment.
    String demo = DemoArticle.SLUG;
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/articles/" + demo + "/counters").status() == 200);
    long viewsBefore = http.get("/api/articles/" + demo + "/counters").as(EngagementApi.Counters.class).views();
    assertThat(http.get("/articles/" + demo).status()).isEqualTo(200);
    assertThat(http.post("/api/accounts", new ModerationApi.SignUp("rea@example.org", "Rea Der", "reader password")).status()).isEqualTo(202);
    EmailLinks.confirmNewestSignUp(http, admin);
    var reader = Map.of("Authorization", "Bearer " + http.post("/api/sessions",
        new ModerationApi.SignIn("rea@example.org", "reader password")).as(ModerationApi.Session.class).token());
    var comment = await().atMost(Duration.ofSeconds(30)).until(() -> http.post("/api/articles/" + demo + "/comments",
        new ModerationApi.SubmitComment("Written just before the crash."), reader), r -> r.status() == 201)
        .as(ModerationApi.Comment.class);

    // Publish, and kill the whole launcher while the texts are going out.
    assertThat(http.post("/api/articles", ContentApi.ArticleInput.of("crash-course", "Crash Course", "", "Body."), admin).status())
        .isEqualTo(201);
    assertThat(http.post("/api/articles/crash-course/publish", "", admin).status()).isEqualTo(200);
    long sentAtKill = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(CrashRecoveryTest::outboxCount, n -> n > 0);
    first.process().destroyForcibly().waitFor();
    log.info("killed -9 with {} of {} texts sent", sentAtKill, SUBSCRIBERS);

    Launched second = launch(data, kafkaPort);
    JsonHttp again = new JsonHttp(second.url());
    var admin2 = Map.of("Authorization", "Bearer " + again.post("/api/sessions",
        new ModerationApi.SignIn(DevMode.ADMIN_EMAIL, DevMode.ADMIN_PASSWORD)).as(ModerationApi.Session.class).token());
    await().atMost(Duration.ofSeconds(90)).until(CrashRecoveryTest::outboxCount, n -> n == SUBSCRIBERS);
    Thread.sleep(2000); // anything that would text twice has had time to
    assertThat(outboxCount()).isEqualTo(SUBSCRIBERS);

    assertThat(again.get("/api/admin/sms/stats", admin2).as(NotifyApi.Stats.class).activeSubscribers()).isEqualTo(SUBSCRIBERS);
    assertThat(again.get("/api/articles/" + demo + "/counters").as(EngagementApi.Counters.class).views()).isEqualTo(viewsBefore + 1);
    assertThat(again.get("/api/moderation/comments/pending", admin2).as(ModerationApi.CommentList.class).items())
        .extracting(ModerationApi.Comment::id).contains(comment.id());
    assertThat(again.get("/articles/crash-course").status()).isEqualTo(200);
    assertThat(sentAtKill).as("the kill came before the fan-out finished").isLessThan(SUBSCRIBERS);
  }
}
