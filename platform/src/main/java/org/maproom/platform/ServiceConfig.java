package org.maproom.platform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads one service's configuration: {@code <service>.conf} from the classpath (each service names its file after
 * itself, so that the all-in-one dev JVM can hold all of them), system properties and the given overrides on top,
 * reference.conf below. The database kind (PostgreSQL or H2) is read off {@code maproom.db.url}, so nothing else has to
 * be told which one it is.
 */
public final class ServiceConfig {
  private ServiceConfig() {}

  public static Config load(String serviceName, Map<String, ?> overrides) {
    Config unresolved =
        ConfigFactory.systemProperties()
            .withFallback(ConfigFactory.parseMap(overrides))
            .withFallback(ConfigFactory.parseResourcesAnySyntax(serviceName))
            .withFallback(ConfigFactory.defaultReferenceUnresolved());
    Config resolved = unresolved.resolve();
    return ConfigFactory.parseMap(databaseKind(resolved.getString("maproom.db.url"),
            resolved.getDuration("maproom.db.idle-in-transaction-timeout")))
        .withFallback(contactPoints(serviceName, resolved.getString("maproom.cluster.contact-points")))
        .withFallback(unresolved)
        .resolve();
  }

  /**
   * Off Kubernetes, cluster bootstrap finds its peers in a fixed list of management endpoints ("host:port,..."),
   * through Pekko's config discovery: the same bootstrap as in production, only the discovery differs.
   */
  static Config contactPoints(String serviceName, String list) {
    if (list.isBlank()) return ConfigFactory.empty();
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (String hostPort : list.split(",")) {
      String[] parts = hostPort.trim().split(":");
      if (parts.length != 2) throw new IllegalArgumentException("maproom.cluster.contact-points wants host:port,...; got " + list);
      endpoints.add(Map.of("host", parts[0], "port", Integer.parseInt(parts[1])));
    }
    return ConfigFactory.parseMap(Map.of(
        "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method", "config",
        "pekko.management.cluster.bootstrap.contact-point-discovery.service-name", serviceName,
        // Several nodes on one host differ only by port: keep them all.
        "pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false,
        "pekko.discovery.config.services." + serviceName + ".endpoints", endpoints));
  }

  private static Map<String, Object> databaseKind(String url, java.time.Duration idleInTransaction) {
    Map<String, Object> kind = new HashMap<>();
    boolean h2 = url.startsWith("jdbc:h2:");
    // PostgreSQL aborts a transaction whose client went quiet (a paused or partitioned node), so the locks it holds
    // do not block the node that took its entities over. Every pool's sessions get it: the journal's and ours.
    String options = h2 ? "" : "-c idle_in_transaction_session_timeout=" + idleInTransaction.toMillis();
    kind.put("maproom.db.session-options", options);
    // The read journal's events-by-tag query bounds the journal's ordering, not event_tag's. A merge join then reads
    // the tag's rows from its first event at every poll, so every projection cost more the longer its service had
    // lived (a hot article's taps took a PostgreSQL core). Without merge joins the planner's generic plan for it is a
    // nested loop over just the batch (with statistics; without, a hash join, still linear). No other journal query joins.
    if (!h2) kind.put("pekko-persistence-jdbc.shared-databases.maproom.db.properties.options", options + " -c enable_mergejoin=off");
    kind.put("pekko-persistence-jdbc.shared-databases.maproom.profile", h2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$");
    kind.put("pekko-persistence-jdbc.shared-databases.maproom.db.driver", h2 ? "org.h2.Driver" : "org.postgresql.Driver");
    kind.put("pekko.projection.jdbc.dialect", h2 ? "h2-dialect" : "postgres-dialect");
    return kind;
  }
}
