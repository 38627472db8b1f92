package org.maproom.devmode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.maproom.platform.ServiceConfig;
import org.maproom.platform.ServiceRuntime;
import org.maproom.testkit.LocalConfig;

/**
 * Every service and the gateway in this JVM, each with its own actor system, database and ports, all on one Kafka
 * broker: what the dev launcher runs and what the end-to-end tests drive over HTTP.
 */
public final class LocalSystem implements AutoCloseable {
  record ServiceSpec(String name, ServiceRuntime.Init init, LocalConfig.Ports ports) {}

  private final Map<String, ServiceRuntime.Running> running;
  private final int gatewayPort;

  private LocalSystem(Map<String, ServiceRuntime.Running> running, int gatewayPort) {
    this.running = running;
    this.gatewayPort = gatewayPort;
  }

  /**
   * @param databaseFor each service's database
   * @param fixedPorts the documented ports (gateway 8080, services 8101-8104) rather than free ones
   * @param extra more configuration for every service (e.g. the first admin); its {@code gateway.*} settings go to
   *     the gateway
   */
  public static LocalSystem start(
      Function<String, LocalConfig.Database> databaseFor, String kafkaBootstrap, boolean fixedPorts, Map<String, Object> extra) {
    List<ServiceSpec> services = List.of(
        new ServiceSpec(org.maproom.content.Main.NAME, org.maproom.content.Main::init, ports(fixedPorts, 8101, 8558, 25521)),
        new ServiceSpec(org.maproom.engagement.Main.NAME, org.maproom.engagement.Main::init, ports(fixedPorts, 8102, 8559, 25522)),
        new ServiceSpec(org.maproom.moderation.Main.NAME, org.maproom.moderation.Main::init, ports(fixedPorts, 8103, 8560, 25523)),
        new ServiceSpec(org.maproom.notify.Main.NAME, org.maproom.notify.Main::init, ports(fixedPorts, 8104, 8561, 25524)));
    Map<String, CompletableFuture<ServiceRuntime.Running>> starting = new LinkedHashMap<>();
    // A thread each: a service's start blocks until it is up, and what it waits for may need the common pool.
    ExecutorService starters = Executors.newFixedThreadPool(services.size());
    for (ServiceSpec s : services) {
      Map<String, Object> config = new HashMap<>(LocalConfig.service(databaseFor.apply(s.name()), kafkaBootstrap, s.ports()));
      config.putAll(extra);
      starting.put(s.name(), CompletableFuture.supplyAsync(() ->
          ServiceRuntime.start(s.name(), ServiceConfig.load(s.name(), config), s.init()), starters));
    }
    starters.shutdown();
    Map<String, ServiceRuntime.Running> running = new LinkedHashMap<>();
    try {
      for (var e : starting.entrySet()) running.put(e.getKey(), e.getValue().get(120, TimeUnit.SECONDS));
      LocalConfig.Ports gatewayPorts = ports(fixedPorts, 8080, 8562, 0);
      Map<String, Object> gateway = new HashMap<>(LocalConfig.stateless(gatewayPorts));
      gateway.put("gateway.secure-cookies", "false");
      gateway.put("maproom.kafka.bootstrap-servers", kafkaBootstrap);
      extra.forEach((key, value) -> {
        if (key.startsWith("gateway.")) gateway.put(key, value);
      });
      for (ServiceSpec s : services) {
        String key = s.name().replace("-service", "");
        gateway.put("gateway.services." + key, "http://127.0.0.1:" + running.get(s.name()).httpPort());
      }
      var gw = ServiceRuntime.start(org.maproom.gateway.Main.NAME, ServiceConfig.load(org.maproom.gateway.Main.NAME, gateway),
          org.maproom.gateway.Main::init);
      running.put(org.maproom.gateway.Main.NAME, gw);
      return new LocalSystem(running, gw.httpPort());
    } catch (Exception e) {
      new LocalSystem(running, 0).close();
      starting.values().forEach(f -> f.thenAccept(r -> r.stop()));
      throw new IllegalStateException("the local system failed to start", e);
    }
  }

  private static LocalConfig.Ports ports(boolean fixed, int http, int management, int remote) {
    if (!fixed) return LocalConfig.Ports.free();
    return new LocalConfig.Ports(http, management, remote == 0 ? org.maproom.testkit.Ports.free() : remote);
  }

  public String gatewayUrl() {
    return "http://localhost:" + gatewayPort;
  }

  public int httpPort(String service) {
    return running.get(service).httpPort();
  }

  /** A service's configuration as it runs (its keys, its settings). */
  public com.typesafe.config.Config config(String service) {
    return running.get(service).system().settings().config();
  }

  /** Stops the gateway first, then the services, each through its coordinated shutdown. */
  @Override
  public void close() {
    List<String> order = new java.util.ArrayList<>(running.keySet());
    java.util.Collections.reverse(order);
    for (String name : order) {
      try {
        running.get(name).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }
}
