package org.maproom.platform;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.maproom.platform.db.Database;
import org.maproom.platform.http.Api;
import org.maproom.platform.identity.IdentityToken;
import org.maproom.platform.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service starts: its actor system (a Pekko Cluster, joined through cluster bootstrap, or to itself
 * when {@code maproom.cluster.join-self} is on), its database migrated, Pekko Management's health endpoints, the
 * service's own wiring ({@link Init}), and its HTTP API bound. Everything stops through CoordinatedShutdown.
 */
public final class ServiceRuntime {
  private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);

  /** A service's wiring: start entities, projections and consumers; return the HTTP API. */
  @FunctionalInterface
  public interface Init {
    Api init(ServiceContext context);
  }

  /** A started service. */
  public record Running(ActorSystem<Void> system, int httpPort) {
    public CompletionStage<Done> stop() {
      return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
    }
  }

  private ServiceRuntime() {}

  /** For a service's {@code main}: configuration from {@code <service>.conf} and the environment. */
  public static Running main(String serviceName, Init init) {
    useCommonPoolForAsyncStages();
    return start(serviceName, ServiceConfig.load(serviceName, Map.of()), init);
  }

  /**
   * Call first in a JVM's {@code main}, before anything uses a CompletableFuture. Every stage chained on a
   * CompletionStage that Pekko returns runs asynchronously (Scala's converter makes {@code thenApply} a
   * {@code thenApplyAsync}), on the JDK's common pool, but only when that pool has two or more threads: on a machine
   * or container with one or two cores the JDK starts a new thread for every such stage instead (300 a second under
   * the article page's load). An explicit setting (-D) wins.
   */
  public static void useCommonPoolForAsyncStages() {
    String property = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  public static Running start(String serviceName, Config config, Init init) {
    if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2) {
      log.warn("The common pool has one thread, so every async stage starts a thread: call useCommonPoolForAsyncStages() first in main");
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), serviceName, config);
    try {
      boolean persistent = config.getBoolean("maproom.persistent");
      Database database = null;
      if (persistent) {
        database = Database.open(system, serviceName);
        Database db = database;
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-database", () -> {
          db.close();
          return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
        });
        createProjectionTables(database, system);
        joinCluster(system, config);
      }
      PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Api api = init.init(new ServiceContext(serviceName, system, database, IdentityToken.fromConfig(config)));
      Config http = config.getConfig("maproom.http");
      ServerBinding binding =
          Http.get(system)
              .newServerAt(http.getString("host"), http.getInt("port"))
              .bind(api.route(Metrics.get(system)))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      HttpBoundCheck.set(system.classicSystem(), true);
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "not-ready", () -> {
        // The one line a clean stop logs.
        log.info("{} stopping ({})", serviceName, CoordinatedShutdown.get(system).getShutdownReason()
            .map(r -> r.getClass().getSimpleName().replace("$", "")).orElse("asked"));
        HttpBoundCheck.set(system.classicSystem(), false);
        return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
      });
      log.info("{} serving HTTP on {}", serviceName, binding.localAddress());
      return new Running(system, binding.localAddress().getPort());
    } catch (Exception | LinkageError e) { // a missing class too: the JVM must not linger half-started
      system.terminate();
      throw new IllegalStateException(serviceName + " failed to start", e);
    }
  }

  /**
   * Pekko Projection's offset tables. Nodes that start together on a new database race here, and PostgreSQL may
   * refuse the loser's CREATE TABLE IF NOT EXISTS (a duplicate in pg_type) although the table is then there:
   * so a failure is tried again, and only the third one is fatal.
   */
  private static void createProjectionTables(Database database, ActorSystem<?> system) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        JdbcProjection.createTablesIfNotExists(database::session, system).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (attempt == 3) throw e;
        log.warn("Creating the projection tables failed (attempt {}), trying again: {}", attempt, e.getCause().getClass().getSimpleName());
        Thread.sleep(200L * attempt);
      }
    }
  }

  private static void joinCluster(ActorSystem<?> system, Config config) {
    if (config.getBoolean("maproom.cluster.join-self")) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      ClusterBootstrap.get(system).start();
    }
  }
}
