package org.maproom.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.maproom.platform.ServiceConfig;
import org.maproom.platform.ServiceRuntime;

/** One service running for a test: its own fresh PostgreSQL database, the given broker, free ports. */
public final class TestService implements AutoCloseable {
  private final TestDatabase database;
  private final ServiceRuntime.Running running;
  private final Map<String, Object> config;
  private final String serviceName;
  private final ServiceRuntime.Init init;
  private EmbeddedKafka ownBroker;

  private TestService(TestDatabase database, ServiceRuntime.Running running, String serviceName, ServiceRuntime.Init init,
      Map<String, Object> config) {
    this.database = database;
    this.running = running;
    this.serviceName = serviceName;
    this.init = init;
    this.config = config;
  }

  /** Stops this node and starts a new one on the same database and broker, as after a restart of every node. */
  public TestService restart() {
    stopNode();
    Map<String, Object> fresh = new HashMap<>(config);
    LocalConfig.Ports ports = LocalConfig.Ports.free();
    fresh.put("maproom.http.port", ports.http());
    fresh.put("pekko.management.http.port", ports.management());
    fresh.put("pekko.remote.artery.canonical.port", ports.remote());
    TestService next = new TestService(database, ServiceRuntime.start(serviceName, ServiceConfig.load(serviceName, fresh), init),
        serviceName, init, fresh);
    next.ownBroker = ownBroker;
    return next;
  }

  /** The service on a broker of its own (every topic created), which {@link #close()} stops too. */
  public static TestService startWithBroker(String serviceName, ServiceRuntime.Init init, Map<String, Object> extra) {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      kafka.createTopics(org.maproom.contracts.Topics.ALL, 2);
      TestService service = start(serviceName, init, kafka, extra);
      service.ownBroker = kafka;
      return service;
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  public EmbeddedKafka kafka() {
    return ownBroker;
  }

  public static TestService start(String serviceName, ServiceRuntime.Init init, EmbeddedKafka kafka) {
    return start(serviceName, init, kafka, Map.of());
  }

  public static TestService start(
      String serviceName, ServiceRuntime.Init init, EmbeddedKafka kafka, Map<String, Object> extra) {
    TestDatabase db = TestDatabase.create(serviceName);
    try {
      Map<String, Object> overrides =
          new HashMap<>(LocalConfig.service(LocalConfig.Database.of(db), kafka.bootstrapServers(), LocalConfig.Ports.free()));
      overrides.putAll(extra);
      return new TestService(db, ServiceRuntime.start(serviceName, ServiceConfig.load(serviceName, overrides), init),
          serviceName, init, overrides);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + running.httpPort();
  }

  /** Pekko Management: health, cluster state, /metrics. */
  public JsonHttp management() {
    return new JsonHttp("http://127.0.0.1:" + running.system().settings().config().getInt("pekko.management.http.port"));
  }

  public JsonHttp http() {
    return new JsonHttp(baseUrl());
  }

  public TestDatabase database() {
    return database;
  }

  public ServiceRuntime.Running running() {
    return running;
  }

  @Override
  public void close() {
    try {
      stopNode();
    } finally {
      database.close();
      if (ownBroker != null) ownBroker.close();
    }
  }

  private void stopNode() {
    try {
      running.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      running.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Duration patience() {
    return Duration.ofSeconds(30);
  }
}
