package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * N readers at once do random views, taps, un-taps, votes and vote changes on one article over real HTTP; the
 * counters must end equal to a model computed from the answers they got. Each reader acts in sequence, so its last
 * acknowledged choice of each kind is what it holds. Each repetition uses a fresh article and its own seed.
 */
class CountersPropertyTest {
  private static final List<String> KINDS = List.of("Insightful", "Surprising", "Skeptical", "Moved");
  private static final List<String> OPTIONS = List.of("1", "2", "3");
  private static final int READERS = 16;
  private static final int ACTIONS = 40;
  static TestService service;
  static JsonHttp http;
  static int run;

  @BeforeAll
  static void start() {
    // Room for the test's own bursts: the limits are tested elsewhere.
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.<String, Object>of(
        "engagement.rate-limits.tap-per-reader.capacity", "1000", "engagement.rate-limits.vote-per-reader.capacity", "1000",
        "engagement.rate-limits.tap-per-ip.capacity", "100000", "engagement.rate-limits.vote-per-ip.capacity", "100000"));
    http = service.http();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  /** What one reader did, as far as the answers say. */
  private static final class Model {
    long views;
    final Set<String> held = new HashSet<>();
    String vote;
  }

  @RepeatedTest(3)
  void countersEqualWhatWasAcknowledged() throws Exception {
    long seed = System.nanoTime();
    String article = "property-" + (++run);
    TopicProbe.send(service.kafka(), Topics.CONTENT, article,
        new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8).replace("the-map-is-not-the-territory", article));
    await().atMost(TestService.patience()).until(() -> http.get("/articles/" + article + "/counters").status() == 200);

    ExecutorService pool = Executors.newFixedThreadPool(READERS);
    List<Future<Model>> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      String reader = "reader-" + run + "-" + r + "-000000000000";
      Random random = new Random(seed + r);
      readers.add(pool.submit(() -> act(article, reader, random)));
    }
    List<Model> models = new ArrayList<>();
    for (Future<Model> f : readers) models.add(f.get());
    pool.shutdown();

    long views = models.stream().mapToLong(m -> m.views).sum();
    long readersWhoViewed = models.stream().filter(m -> m.views > 0).count();
    Map<String, Long> reactions = new HashMap<>();
    Map<String, Long> votes = new HashMap<>();
    for (Model m : models) {
      m.held.forEach(k -> reactions.merge(k, 1L, Long::sum));
      if (m.vote != null) votes.merge(m.vote, 1L, Long::sum);
    }
    await().atMost(TestService.patience()).untilAsserted(() -> {
      var c = http.get("/articles/" + article + "/counters").as(EngagementApi.Counters.class);
      assertThat(c.views()).as("seed %d", seed).isEqualTo(views);
      assertThat(c.reach()).as("seed %d", seed).isEqualTo(readersWhoViewed);
      assertThat(c.reactions()).as("seed %d", seed).isEqualTo(reactions);
      Map<String, Long> counted = new HashMap<>();
      c.poll().options().stream().filter(o -> o.votes() > 0).forEach(o -> counted.put(o.id(), o.votes()));
      assertThat(counted).as("seed %d", seed).isEqualTo(votes);
      assertThat(c.poll().votes()).isEqualTo(votes.values().stream().mapToLong(Long::longValue).sum());
    });
    for (int r = 0; r < READERS; r++) {
      String reader = "reader-" + run + "-" + r + "-000000000000";
      var mine = http.get("/articles/" + article + "/readers/" + reader + "/choices").as(EngagementApi.ReaderChoices.class);
      assertThat(mine.reactions()).isEqualTo(models.get(r).held);
      assertThat(mine.vote()).isEqualTo(models.get(r).vote);
    }
  }

  /** A reader's random session; every action must be answered 200 (one healthy node), and the model follows the answers. */
  private static Model act(String article, String reader, Random random) {
    Model m = new Model();
    String path = "/articles/" + article;
    Map<String, String> page = Identities.page(article, reader);
    for (int i = 0; i < ACTIONS; i++) {
      int what = random.nextInt(10);
      if (what < 3) {
        var r = http.post(path + "/views", new EngagementApi.RecordView(reader, JsonHttp.BROWSER, null, null, EngagementServiceIntegrationTest.address(reader)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        m.views++;
      } else if (what < 8) {
        String kind = KINDS.get(random.nextInt(KINDS.size()));
        boolean held = random.nextInt(3) > 0;
        var r = http.post(path + "/reactions", new EngagementApi.Reaction(reader, JsonHttp.BROWSER, kind, held, EngagementServiceIntegrationTest.address(reader)), page);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        if (held) m.held.add(kind);
        else m.held.remove(kind);
        assertThat(r.as(EngagementApi.ReaderChoices.class).reactions()).isEqualTo(m.held);
      } else {
        String option = OPTIONS.get(random.nextInt(OPTIONS.size()));
        var r = http.post(path + "/votes", new EngagementApi.Vote(reader, JsonHttp.BROWSER, option, EngagementServiceIntegrationTest.address(reader)), page);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        m.vote = option;
      }
    }
    return m;
  }
}
