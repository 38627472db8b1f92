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
  private EmbeddedKafka ownBroker;

  private TestService(TestDatabase database, ServiceRuntime.Running running) {
    this.database = database;
    this.running = running;
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
      return new TestService(db, ServiceRuntime.start(serviceName, ServiceConfig.load(serviceName, overrides), init));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + running.httpPort();
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
      running.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      running.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      database.close();
      if (ownBroker != null) ownBroker.close();
    }
  }

  public static Duration patience() {
    return Duration.ofSeconds(30);
  }
}
