package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.FakeSmsProvider;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.ServiceProcess;
import org.maproom.testkit.TestDatabase;
import org.maproom.testkit.TopicProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notify-service in a JVM of its own, SIGKILLed in the middle of a 20,000-subscriber campaign against the fake
 * provider, and started again on the same database: every subscriber ends with exactly one text or one send reported
 * ambiguous, and none has two.
 */
class CampaignCrashTest {
  private static final Logger log = LoggerFactory.getLogger(CampaignCrashTest.class);
  private static final int SUBSCRIBERS = Integer.getInteger("crash.subscribers", 20_000);
  private static final String ARTICLE = "crash-course";
  static TestDatabase db;
  static EmbeddedKafka kafka;
  static FakeSmsProvider provider;
  static Path logs;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("notify-crash");
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.ALL, 2);
    provider = FakeSmsProvider.start("crash-auth-token");
    logs = Files.createTempDirectory("notify-crash");
  }

  @AfterAll
  static void stop() {
    if (provider != null) provider.close();
    if (kafka != null) kafka.close();
    if (db != null) db.close();
  }

  static ServiceProcess launch(LocalConfig.Ports ports, String name) {
    Map<String, Object> config = new HashMap<>(LocalConfig.service(LocalConfig.Database.of(db), kafka.bootstrapServers(), ports));
    config.put("notify.sms.provider", "twilio");
    config.putAll(provider.config("notify.sms.twilio", "http://127.0.0.1:" + ports.http() + "/sms/status"));
    // A waitlist: the numbers gather first and get their confirmations when the program goes live, as in production.
    config.put("notify.sms.live-initially", "false");
    config.put("notify.sms.daily-confirmation-cap", 0); // twenty thousand confirmations in one day, at no cost
    config.put("notify.sms.monthly-budget", 0);
    config.put("pekko.coordinated-shutdown.exit-jvm", "on");
    config.remove("pekko.cluster.jmx.multi-mbeans-in-same-jvm");
    ServiceProcess process = ServiceProcess.start(name, Main.class, config, logs);
    JsonHttp management = new JsonHttp("http://127.0.0.1:" + ports.management());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
      assertThat(process.isAlive()).as(process.output()).isTrue();
      assertThat(management.get("/health/ready").status()).isEqualTo(200);
    });
    return process;
  }

  static long articleTexts() {
    return provider.messages().stream().filter(m -> m.body().contains("The map is not the territory")).count();
  }

  @Test
  void aKillDashNineInTheMiddleOfA20000SubscriberCampaignTextsNobodyTwice() throws Exception {
    LocalConfig.Ports ports = LocalConfig.Ports.free();
    ServiceProcess first = launch(ports, "notify-1");
    JsonHttp http = new JsonHttp("http://127.0.0.1:" + ports.http());

    var pool = Executors.newFixedThreadPool(16);
    AtomicInteger accepted = new AtomicInteger();
    long signUpStart = System.nanoTime();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      String phone = String.format("+4479%08d", 11_000_000 + i);
      pool.submit(() -> {
        if (http.post("/subscriptions", new NotifyApi.Subscribe(phone, null, true, "/")).status() == 202) accepted.incrementAndGet();
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    assertThat(accepted.get()).isEqualTo(SUBSCRIBERS);
    log.info("{} sign-ups in {} ms", SUBSCRIBERS, (System.nanoTime() - signUpStart) / 1_000_000);
    var admin = Identities.header("ops", "admin");
    await().atMost(Duration.ofMinutes(1)).until(() -> http.get("/admin/sms/program", admin).as(NotifyApi.Program.class).waiting() == SUBSCRIBERS);
    assertThat(http.put("/admin/sms/program", new NotifyApi.ProgramUpdate(true, null, null), admin).status()).isEqualTo(200);
    // Everyone confirmed (their confirmation texts sent): the article goes to all of them.
    await().atMost(Duration.ofMinutes(3)).conditionEvaluationListener(c -> {
      if (c.getElapsedTimeInMS() % 10_000 < 100) log.info("{} confirmation texts so far", provider.messages().size());
    }).until(() -> provider.messages().size() >= SUBSCRIBERS);

    String event = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8)
        .replace("the-map-is-not-the-territory", ARTICLE).replace("2026-11-24T09:00:00Z", Instant.now().toString());
    TopicProbe.send(kafka, Topics.CONTENT, ARTICLE, event);
    long atKill = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(CampaignCrashTest::articleTexts,
        n -> n >= SUBSCRIBERS / 5);
    first.kill();
    assertThat(first.waitForExit(Duration.ofSeconds(30))).isTrue();
    log.info("killed -9 with {} of {} texts sent", atKill, SUBSCRIBERS);
    assertThat(atKill).as("the kill came before the campaign finished").isLessThan(SUBSCRIBERS);

    ServiceProcess second = launch(ports, "notify-2");
    await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() ->
        "completed".equals(http.get("/admin/campaigns/" + ARTICLE, admin).as(NotifyApi.CampaignProgress.class).status()));
    var progress = http.get("/admin/campaigns/" + ARTICLE, admin).as(NotifyApi.CampaignProgress.class);
    Map<String, Long> perNumber = provider.messages().stream().filter(m -> m.body().contains("The map is not the territory"))
        .collect(Collectors.groupingBy(FakeSmsProvider.Message::to, Collectors.counting()));
    Map<String, Long> welcomes = provider.messages().stream().filter(m -> m.body().contains("you're on the list"))
        .collect(Collectors.groupingBy(FakeSmsProvider.Message::to, Collectors.counting()));
    log.info("after the restart: {} numbers texted, {} ambiguous, progress {}", perNumber.size(), progress.ambiguous(), progress);
    assertThat(perNumber.values()).as("nobody texted twice").allMatch(n -> n == 1);
    assertThat(welcomes.values()).as("nobody confirmed twice").allMatch(n -> n == 1);
    assertThat(welcomes).hasSize(SUBSCRIBERS);
    assertThat(perNumber.size() + progress.ambiguous()).as("a text or a reported ambiguous send each").isEqualTo(SUBSCRIBERS);
    assertThat(progress.total()).isEqualTo(SUBSCRIBERS);
    assertThat(progress.sent()).isEqualTo(perNumber.size());
    second.close();
  }
}
