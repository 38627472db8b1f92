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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
 * acknowledged views and taps on many articles; then, in turn, one node is killed with SIGKILL, one is paused with
 * SIGSTOP for longer than the split brain resolver's stable-after, each is restarted in turn, and the whole service
 * is killed with SIGKILL under taps on one article and started again. Nothing acknowledged is lost or counted twice,
 * entities move, and a downed node leaves. The scenarios follow one another on one cluster, as they would in one
 * deployment's life (starting a JVM is most of their cost); each leaves three nodes up and uses articles of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterFailoverTest.class);
  private static final int ARTICLES = 40;
  private static final Duration STABLE_AFTER = Duration.ofSeconds(5);

  private EmbeddedKafka kafka;
  private TestDatabase db;
  private Path logs;
  private final List<Node> started = new ArrayList<>();
  /** The nodes up now, oldest first. */
  private final List<Node> cluster = new ArrayList<>();
  private String scenario;
  private List<String> articleIds;

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

  @BeforeAll
  void startCluster() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.ALL, 2);
    db = TestDatabase.create("failover");
    logs = Files.createTempDirectory("maproom-failover");
    cluster.addAll(startNodes(3, List.of()));
    awaitCluster(cluster, 3);
    log.info("three nodes up, logs in {}", logs);
  }

  /** Each scenario's own articles, published and open: its counts start at zero. */
  @BeforeEach
  void openArticles(TestInfo test) {
    assertThat(cluster).as("the previous scenario left three nodes up").hasSize(3);
    scenario = test.getTestMethod().orElseThrow().getName().substring(0, 12).toLowerCase();
    articleIds = IntStream.range(0, ARTICLES).mapToObj(i -> String.format("%s-%02d", scenario, i)).toList();
    String published = new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8);
    for (String id : articleIds) TopicProbe.send(kafka, Topics.CONTENT, id, published.replace("the-map-is-not-the-territory", id));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
        articleIds.stream().allMatch(id -> cluster.get(0).http().get("/articles/" + id + "/counters").status() == 200));
  }

  @AfterAll
  void stop() {
    started.forEach(n -> n.process().close());
    if (kafka != null) kafka.close();
    if (db != null) db.close();
  }

  /** New nodes; they find their peers among their own and the given nodes' management endpoints. */
  private List<Node> startNodes(int count, List<Node> peers) {
    List<LocalConfig.Ports> own = IntStream.range(0, count).mapToObj(i -> LocalConfig.Ports.free()).toList();
    String contacts = java.util.stream.Stream.concat(peers.stream().map(Node::ports), own.stream())
        .map(q -> "127.0.0.1:" + q.management()).collect(Collectors.joining(","));
    List<Node> nodes = new ArrayList<>();
    for (LocalConfig.Ports p : own) {
      Map<String, Object> config = new HashMap<>(LocalConfig.service(LocalConfig.Database.of(db), kafka.bootstrapServers(), p));
      config.put("maproom.cluster.join-self", "off");
      config.put("maproom.cluster.contact-points", contacts);
      config.put("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr", 3);
      config.put("pekko.coordinated-shutdown.exit-jvm", "on");
      config.put("pekko.cluster.split-brain-resolver.stable-after", STABLE_AFTER.toSeconds() + "s");
      config.remove("pekko.cluster.jmx.multi-mbeans-in-same-jvm");
      Node node = new Node(ServiceProcess.start("node-" + (started.size() + 1), Main.class, config, logs), p);
      started.add(node);
      nodes.add(node);
    }
    return nodes;
  }

  private Node startNode(List<Node> peers) {
    return startNodes(1, peers).get(0);
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
  private void awaitNewWritesToEveryArticle(HitLoad load) {
    Map<String, Long> before = load.acknowledgedByArticle();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Map<String, Long> now = load.acknowledgedByArticle();
      for (String id : articleIds) assertThat(now.get(id)).as(id).isGreaterThan(before.getOrDefault(id, 0L));
    });
  }

  /** A steady load on this scenario's articles, spread over the nodes up now (a load balancer's rotation). */
  private HitLoad load(List<String> articles) {
    return new HitLoad(articles, cluster.stream().map(Node::http).toList(), 4);
  }

  @Test
  @Order(1)
  void aKilledNodeIsDownedItsEntitiesMoveANewNodeJoinsAndNothingAcknowledgedIsLost() throws Exception {
    List<Node> rotation = new ArrayList<>(cluster);
    try (HitLoad load = load(articleIds)) {
      load.awaitAcknowledged(200, Duration.ofSeconds(60));

      // Kill the oldest node: the shard coordinator has to move too.
      String oldest = cluster.get(0).management().get("/cluster/members").as(JsonNode.class).path("oldest").asText();
      Node victim = cluster.stream().filter(n -> n.address().equals(oldest)).findFirst().orElseThrow();
      Set<String> victimShards = victim.shards();
      assertThat(victimShards).as("the victim hosts entities").isNotEmpty();
      load.avoid(rotation.indexOf(victim)); // as a Service does once the pod is gone
      victim.process().kill();
      cluster.remove(victim);
      long killedAt = System.nanoTime();
      awaitCluster(cluster, 2);
      log.info("SIGKILLed {} ({} shards); downed and removed after {} ms", victim.process().name(), victimShards.size(),
          (System.nanoTime() - killedAt) / 1_000_000);

      // Every article answers again, from the survivors: the victim's entities moved.
      awaitNewWritesToEveryArticle(load);
      Set<String> moved = new HashSet<>();
      cluster.forEach(n -> moved.addAll(n.shards()));
      assertThat(moved).containsAll(victimShards);

      // A new node joins the running cluster and takes shards over.
      Node fresh = startNode(cluster);
      cluster.add(fresh);
      awaitCluster(cluster, 3);
      rotation.add(fresh);
      load.use(rotation.indexOf(fresh), fresh.http());
      await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> !fresh.shards().isEmpty());
      load.awaitAcknowledged(load.acknowledged() + 100, Duration.ofSeconds(60));
      load.stop();

      assertCountersMatch(load, fresh);
      assertNoTwoIncarnationsInterleavedWrites();
    }
  }

  @Test
  @Order(2)
  void aPausedNodeIsDownedByTheMajorityAndLeavesWhenItWakesUp() throws Exception {
    try (HitLoad load = load(articleIds)) {
      load.awaitAcknowledged(200, Duration.ofSeconds(60));
      Node victim = cluster.get(2);
      Set<String> victimShards = victim.shards();
      assertThat(victimShards).as("the victim hosts entities").isNotEmpty();

      victim.process().pause();
      long pausedAt = System.nanoTime();
      load.avoid(2); // its readiness probe would fail
      cluster.remove(victim);
      awaitCluster(cluster, 2);
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
      load.awaitAcknowledged(load.acknowledged() + 100, Duration.ofSeconds(60));
      load.stop();
      awaitCluster(cluster, 2);

      assertCountersMatch(load, cluster.get(0));
      assertNoTwoIncarnationsInterleavedWrites();
    }
    // Its replacement (Kubernetes restarting the pod) joins the majority.
    cluster.add(startNode(cluster));
    awaitCluster(cluster, 3);
  }

  @Test
  @Order(3)
  void aRollingRestartHandsEntitiesOverAndLosesNoAcknowledgedWrite() throws Exception {
    List<Node> rotation = new ArrayList<>(cluster);
    try (HitLoad load = load(articleIds)) {
      load.awaitAcknowledged(150, Duration.ofSeconds(60));
      for (int i = 0; i < 3; i++) {
        // As a Deployment rolls: the old pod leaves the Service's endpoints and gets SIGTERM; its replacement joins.
        Node old = cluster.get(0);
        load.avoid(rotation.indexOf(old));
        old.process().terminate();
        assertThat(old.process().waitForExit(Duration.ofSeconds(45))).as(old.process().name() + " stops within its grace period")
            .isTrue();
        cluster.remove(old);
        Node replacement = startNode(cluster);
        cluster.add(replacement);
        awaitCluster(cluster, 3);
        rotation.add(replacement);
        load.use(rotation.indexOf(replacement), replacement.http());
        load.awaitAcknowledged(load.acknowledged() + 50, Duration.ofSeconds(60));
      }
      load.stop();
      assertCountersMatch(load, cluster.get(0));
      assertNoTwoIncarnationsInterleavedWrites();
    }
  }

  @Test
  @Order(4)
  void theWholeServiceKilledUnderTapsOnOneArticleCountsEveryAcknowledgedTapOnce() throws Exception {
    List<String> hot = articleIds.subList(0, 1);
    HitLoad load = load(hot);
    load.awaitAcknowledged(150, Duration.ofSeconds(60));
    cluster.forEach(n -> n.process().kill());
    load.stop();
    long killedAt = System.nanoTime();
    cluster.clear();

    cluster.addAll(startNodes(3, List.of()));
    awaitCluster(cluster, 3);
    log.info("SIGKILLed all three nodes; a new cluster of three was serving {} ms later", (System.nanoTime() - killedAt) / 1_000_000);
    try (HitLoad after = load(hot)) {
      after.awaitAcknowledged(100, Duration.ofSeconds(60));
      after.stop();
      String id = hot.get(0);
      long taps = load.acknowledged(HitLoad.Kind.TAP, id) + after.acknowledged(HitLoad.Kind.TAP, id);
      long unanswered = load.ambiguous(HitLoad.Kind.TAP, id) + after.ambiguous(HitLoad.Kind.TAP, id);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(counters(cluster.get(0), id).reactions().get(HitLoad.TAPPED))
          .isBetween(taps, taps + unanswered));
      log.info("whole service killed: {} taps acknowledged, {} unanswered, {} counted", taps, unanswered,
          counters(cluster.get(0), id).reactions().get(HitLoad.TAPPED));
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
    for (String id : articleIds) {
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
   * Two live incarnations of one entity would both write its journal (this scenario's articles). Each incarnation writes under its own writer
   * id, so every writer's events must form one unbroken run of sequence numbers: once a new incarnation has written,
   * the old one never writes again.
   */
  private void assertNoTwoIncarnationsInterleavedWrites() throws Exception {
    Map<String, List<String>> writers = new HashMap<>();
    int incarnations = 0;
    try (Connection c = db.connect(); ResultSet r = c.createStatement().executeQuery(
        "SELECT persistence_id, writer FROM event_journal WHERE persistence_id LIKE 'ArticleEngagement|" + scenario + "-%' "
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
