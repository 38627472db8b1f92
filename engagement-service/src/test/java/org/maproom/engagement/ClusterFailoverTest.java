package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.ServiceProcess;
import org.maproom.testkit.TestDatabase;
import org.maproom.testkit.TopicProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three JVMs of engagement-service on loopback form one cluster through cluster bootstrap, under a steady load of
 * acknowledged views and taps on many articles; then one node is killed with SIGKILL, or paused with SIGSTOP for
 * longer than the split brain resolver's stable-after, or each is restarted in turn, or the whole service is killed
 * with SIGKILL under taps on one article and started again. Nothing acknowledged is lost or counted twice, entities
 * move, and a downed node leaves.
 */
class ClusterFailoverTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterFailoverTest.class);
  private static final int ARTICLES = 40;
  private static final Duration STABLE_AFTER = Duration.ofSeconds(5);
  private static final List<String> ARTICLE_IDS =
      IntStream.range(0, ARTICLES).mapToObj(i -> String.format("failover-%02d", i)).toList();

  private EmbeddedKafka kafka;
  private TestDatabase db;
  private Path logs;
  private final List<Node> nodes = new ArrayList<>();
  private final List<LocalConfig.Ports> ports = new ArrayList<>();

  record Node(ServiceProcess process, LocalConfig.Ports ports, JsonHttp http, JsonHttp management) {
    Node(ServiceProcess process, LocalConfig.Ports ports) {
      this(process, ports, new JsonHttp("http://127.0.0.1:" + ports.http()),
          new JsonHttp("http://127.0.0.1:" + ports.management()));
    }

    String address() {
      return "pekko://" + Main.NAME + "@127.0.0.1:" + ports.remote();
    }

    Set<String> shards() {
      JsonNode regions = management().get("/cluster/shards/ArticleEngagement").as(JsonNode.class).path("regions");
      Set<String> shards = new HashSet<>();
      regions.forEach(r -> shards.add(r.path("shardId").asText()));
      return shards;
    }
  }

  @BeforeEach
  void start(TestInfo test) throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.ALL, 2);
    db = TestDatabase.create("failover");
    logs = Files.createTempDirectory("maproom-failover");
    for (int i = 0; i < 6; i++) ports.add(LocalConfig.Ports.free());
    for (int i = 0; i < 3; i++) startNode(i, ports.subList(0, 3));
    awaitCluster(nodes, 3);
    String published = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8);
    for (String id : ARTICLE_IDS) {
      TopicProbe.send(kafka, Topics.CONTENT, id, published.replace("the-map-is-not-the-territory", id));
    }
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
        ARTICLE_IDS.stream().allMatch(id -> nodes.get(0).http().get("/articles/" + id + "/counters").status() == 200));
    log.info("{}: three nodes up, {} articles open, logs in {}", test.getDisplayName(), ARTICLES, logs);
  }

  @AfterEach
  void stop() {
    nodes.forEach(n -> n.process().close());
    if (kafka != null) kafka.close();
    if (db != null) db.close();
  }

  /** Node i of the run; it finds its peers among the management endpoints of {@code contacts}. */
  private Node startNode(int i, List<LocalConfig.Ports> contacts) {
    LocalConfig.Ports p = ports.get(i);
    Map<String, Object> config = new HashMap<>(LocalConfig.service(LocalConfig.Database.of(db), kafka.bootstrapServers(), p));
    config.put("maproom.cluster.join-self", "off");
    config.put("maproom.cluster.contact-points", contacts.stream()
        .map(q -> "127.0.0.1:" + q.management()).collect(Collectors.joining(",")));
    config.put("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr", 3);
    config.put("pekko.coordinated-shutdown.exit-jvm", "on");
    config.put("pekko.cluster.split-brain-resolver.stable-after", STABLE_AFTER.toSeconds() + "s");
    config.remove("pekko.cluster.jmx.multi-mbeans-in-same-jvm");
    Node node = new Node(ServiceProcess.start("node-" + (i + 1), Main.class, config, logs), p);
    nodes.add(node);
    return node;
  }

  /** Every given node is ready and sees exactly these nodes as Up members, none unreachable. */
  private void awaitCluster(List<Node> members, int size) {
    Set<String> expected = members.stream().map(Node::address).collect(Collectors.toSet());
    assertThat(expected).hasSize(size);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
      for (Node n : members) {
        assertThat(n.process().isAlive()).as(n.process().name() + " is running:\n" + n.process().output()).isTrue();
        assertThat(n.management().get("/health/ready").status()).as(n.process().name() + " ready").isEqualTo(200);
        JsonNode state = n.management().get("/cluster/members").as(JsonNode.class);
        Set<String> up = new HashSet<>();
        state.path("members").forEach(m -> {
          if (m.path("status").asText().equals("Up")) up.add(m.path("node").asText());
        });
        assertThat(up).as(n.process().name() + " sees").isEqualTo(expected);
        assertThat(state.path("unreachable")).isEmpty();
      }
    });
  }

  /** Every article gets acknowledged writes from here on: wherever its entity was, it runs again somewhere. */
  private static void awaitNewWritesToEveryArticle(HitLoad load) {
    Map<String, Long> before = load.acknowledgedByArticle();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Map<String, Long> now = load.acknowledgedByArticle();
      for (String id : ARTICLE_IDS) assertThat(now.get(id)).as(id).isGreaterThan(before.getOrDefault(id, 0L));
    });
  }

  @Test
  void aKilledNodeIsDownedItsEntitiesMoveANewNodeJoinsAndNothingAcknowledgedIsLost() throws Exception {
    try (HitLoad load = new HitLoad(ARTICLE_IDS, nodes.stream().map(Node::http).toList(), 4)) {
      load.awaitAcknowledged(400, Duration.ofSeconds(60));

      // Kill the oldest node: the shard coordinator has to move too.
      String oldest = nodes.get(0).management().get("/cluster/members").as(JsonNode.class).path("oldest").asText();
      Node victim = nodes.stream().filter(n -> n.address().equals(oldest)).findFirst().orElseThrow();
      Set<String> victimShards = victim.shards();
      assertThat(victimShards).as("the victim hosts entities").isNotEmpty();
      List<Node> survivors = nodes.stream().filter(n -> n != victim).toList();
      load.avoid(nodes.indexOf(victim)); // as a Service does once the pod is gone
      victim.process().kill();
      long killedAt = System.nanoTime();
      awaitCluster(survivors, 2);
      log.info("SIGKILLed {} ({} shards); downed and removed after {} ms", victim.process().name(), victimShards.size(),
          (System.nanoTime() - killedAt) / 1_000_000);

      // Every article answers again, from the survivors: the victim's entities moved.
      awaitNewWritesToEveryArticle(load);
      Set<String> moved = new HashSet<>();
      survivors.forEach(n -> moved.addAll(n.shards()));
      assertThat(moved).containsAll(victimShards);

      // A new node joins the running cluster and takes shards over.
      Node fresh = startNode(3, ports.subList(0, 4));
      List<Node> cluster = new ArrayList<>(survivors);
      cluster.add(fresh);
      awaitCluster(cluster, 3);
      load.use(nodes.indexOf(fresh), fresh.http());
      await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> !fresh.shards().isEmpty());
      load.awaitAcknowledged(load.acknowledged() + 200, Duration.ofSeconds(60));
      load.stop();

      assertCountersMatch(load, fresh);
      assertNoTwoIncarnationsInterleavedWrites();
    }
  }

  @Test
  void aRollingRestartHandsEntitiesOverAndLosesNoAcknowledgedWrite() throws Exception {
    try (HitLoad load = new HitLoad(ARTICLE_IDS, nodes.stream().map(Node::http).toList(), 4)) {
      load.awaitAcknowledged(300, Duration.ofSeconds(60));
      List<Node> cluster = new ArrayList<>(nodes);
      for (int i = 0; i < 3; i++) {
        // As a Deployment rolls: the old pod leaves the Service's endpoints and gets SIGTERM; its replacement joins.
        Node old = cluster.get(0);
        load.avoid(nodes.indexOf(old));
        old.process().terminate();
        assertThat(old.process().waitForExit(Duration.ofSeconds(45))).as(old.process().name() + " stops within its grace period")
            .isTrue();
        Node replacement = startNode(3 + i, ports.subList(0, 3 + i + 1));
        cluster.remove(old);
        cluster.add(replacement);
        awaitCluster(cluster, 3);
        load.use(nodes.indexOf(replacement), replacement.http());
        load.awaitAcknowledged(load.acknowledged() + 100, Duration.ofSeconds(60));
      }
      load.stop();
      assertCountersMatch(load, cluster.get(0));
      assertNoTwoIncarnationsInterleavedWrites();
    }
  }

  @Test
  void aPausedNodeIsDownedByTheMajorityAndLeavesWhenItWakesUp() throws Exception {
    try (HitLoad load = new HitLoad(ARTICLE_IDS, nodes.stream().map(Node::http).toList(), 4)) {
      load.awaitAcknowledged(400, Duration.ofSeconds(60));
      Node victim = nodes.get(2);
      Set<String> victimShards = victim.shards();
      assertThat(victimShards).as("the victim hosts entities").isNotEmpty();
      List<Node> majority = nodes.subList(0, 2);

      victim.process().pause();
      long pausedAt = System.nanoTime();
      load.avoid(2); // its readiness probe would fail
      awaitCluster(majority, 2);
      long downedAfter = (System.nanoTime() - pausedAt) / 1_000_000;
      assertThat(downedAfter).as("downed only after stable-after").isGreaterThanOrEqualTo(STABLE_AFTER.toMillis());

      // The majority serves every article, the paused node's too, while it sleeps.
      awaitNewWritesToEveryArticle(load);

      // Woken up, it learns it was downed, runs coordinated shutdown and exits: Kubernetes would restart it.
      victim.process().resume();
      assertThat(victim.process().waitForExit(Duration.ofSeconds(60)))
          .as("the downed node exits:\n" + victim.process().output()).isTrue();
      // Woken, its stale entities may still try to write commands that were queued before the pause; the journal's
      // sequence numbers refuse them (duplicate key), so they are never acknowledged and never interleave.
      long fenced = victim.process().output().lines().filter(l -> l.contains("violates unique constraint \"event_journal_pkey\"")).count();
      log.info("SIGSTOPped {} ({} shards): downed after {} ms, exited after SIGCONT; {} stale writes refused by the journal",
          victim.process().name(), victimShards.size(), downedAfter, fenced);
      load.awaitAcknowledged(load.acknowledged() + 200, Duration.ofSeconds(60));
      load.stop();
      awaitCluster(majority, 2);

      assertCountersMatch(load, majority.get(0));
      assertNoTwoIncarnationsInterleavedWrites();
    }
  }

  @Test
  void theWholeServiceKilledUnderTapsOnOneArticleCountsEveryAcknowledgedTapOnce() throws Exception {
    List<String> hot = ARTICLE_IDS.subList(0, 1);
    HitLoad load = new HitLoad(hot, nodes.stream().map(Node::http).toList(), 4);
    load.awaitAcknowledged(300, Duration.ofSeconds(60));
    nodes.forEach(n -> n.process().kill());
    load.stop();
    long killedAt = System.nanoTime();

    List<Node> again = new ArrayList<>();
    for (int i = 3; i < 6; i++) again.add(startNode(i, ports.subList(3, 6)));
    awaitCluster(again, 3);
    log.info("SIGKILLed all three nodes; a new cluster of three was serving {} ms later", (System.nanoTime() - killedAt) / 1_000_000);
    try (HitLoad after = new HitLoad(hot, again.stream().map(Node::http).toList(), 4)) {
      after.awaitAcknowledged(200, Duration.ofSeconds(60));
      after.stop();
      String id = hot.get(0);
      long taps = load.acknowledged(HitLoad.Kind.TAP, id) + after.acknowledged(HitLoad.Kind.TAP, id);
      long unanswered = load.ambiguous(HitLoad.Kind.TAP, id) + after.ambiguous(HitLoad.Kind.TAP, id);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(counters(again.get(0), id).reactions().get(HitLoad.TAPPED))
          .isBetween(taps, taps + unanswered));
      log.info("whole service killed: {} taps acknowledged, {} unanswered, {} counted", taps, unanswered,
          counters(again.get(0), id).reactions().get(HitLoad.TAPPED));
    }
  }

  private static org.maproom.contracts.http.EngagementApi.Counters counters(Node node, String article) {
    return node.http().get("/articles/" + article + "/counters").as(org.maproom.contracts.http.EngagementApi.Counters.class);
  }

  /**
   * Every acknowledged view and tap is counted, once. A request that failed without an answer (the node died or
   * paused under it) may or may not have been written, so it may add one; nothing else may. Taps reach the counts
   * through the tallying projection, so they may take a moment.
   */
  private void assertCountersMatch(HitLoad load, Node reader) {
    long views = 0;
    long taps = 0;
    for (String id : ARTICLE_IDS) {
      long ackedViews = load.acknowledged(HitLoad.Kind.VIEW, id);
      long ackedTaps = load.acknowledged(HitLoad.Kind.TAP, id);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var c = counters(reader, id);
        assertThat(c.views()).as(id + " views").isBetween(ackedViews, ackedViews + load.ambiguous(HitLoad.Kind.VIEW, id));
        assertThat(c.reactions().getOrDefault(HitLoad.TAPPED, 0L)).as(id + " taps")
            .isBetween(ackedTaps, ackedTaps + load.ambiguous(HitLoad.Kind.TAP, id));
      });
      var c = counters(reader, id);
      views += c.views();
      taps += c.reactions().getOrDefault(HitLoad.TAPPED, 0L);
    }
    log.info("counted {} views and {} taps; {} acknowledged, {} unanswered, {} refused before sending", views, taps,
        load.acknowledged(), load.ambiguousTotal(), load.refused());
  }

  /**
   * Two live incarnations of one entity would both write its journal. Each incarnation writes under its own writer
   * id, so every writer's events must form one unbroken run of sequence numbers: once a new incarnation has written,
   * the old one never writes again.
   */
  private void assertNoTwoIncarnationsInterleavedWrites() throws Exception {
    Map<String, List<String>> writers = new HashMap<>();
    int incarnations = 0;
    try (Connection c = db.connect(); ResultSet r = c.createStatement().executeQuery(
        "SELECT persistence_id, writer FROM event_journal WHERE persistence_id LIKE 'ArticleEngagement|%' "
            + "ORDER BY persistence_id, sequence_number")) {
      while (r.next()) {
        List<String> runs = writers.computeIfAbsent(r.getString(1), k -> new ArrayList<>());
        String writer = r.getString(2);
        if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(writer)) {
          assertThat(runs).as(r.getString(1) + ": writer " + writer + " wrote again after another").doesNotContain(writer);
          runs.add(writer);
          incarnations++;
        }
      }
    }
    assertThat(writers).hasSize(ARTICLES);
    assertThat(incarnations).as("some entities were restarted elsewhere").isGreaterThan(ARTICLES);
  }
}
