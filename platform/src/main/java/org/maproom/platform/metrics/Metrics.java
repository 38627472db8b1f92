package org.maproom.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;

/**
 * One Prometheus registry per actor system (so the all-in-one dev JVM keeps its services apart), scraped at
 * {@code /metrics} on the management port. JVM, cluster membership, HTTP and consumer meters; names and their alerts
 * are in docs/operations.md. Labels never carry personal data: routes are templates, never concrete paths.
 */
public final class Metrics implements Extension {
  private static final ExtensionId<Metrics> ID = new ExtensionId<>() {
    @Override
    public Metrics createExtension(ExtendedActorSystem system) {
      return new Metrics(system);
    }
  };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public static Metrics get(ActorSystem system) {
    return ID.get(system);
  }

  public static Metrics get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return ID.get(system.classicSystem());
  }

  private Metrics(ExtendedActorSystem system) {
    registry.config().commonTags("service", system.name());
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (system.provider().getClass().getName().contains("Cluster")) bindCluster(Cluster.get(system));
  }

  private void bindCluster(Cluster cluster) {
    for (MemberStatus status : new MemberStatus[] {MemberStatus.up(), MemberStatus.joining(), MemberStatus.leaving(),
        MemberStatus.exiting(), MemberStatus.weaklyUp()}) {
      Gauge.builder("maproom_cluster_members", cluster, c -> count(c, status))
          .tag("status", status.toString().toLowerCase(java.util.Locale.ROOT))
          .description("Members of this service's Pekko cluster, as this node sees them")
          .register(registry);
    }
    Gauge.builder("maproom_cluster_unreachable_members", cluster, c -> c.state().getUnreachable().size())
        .description("Members this node cannot reach; the split brain resolver downs them after stable-after")
        .register(registry);
  }

  private static double count(Cluster cluster, MemberStatus status) {
    return java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.status() == status).count();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Time of one HTTP endpoint's answers, by method, route template and status. */
  public void recordRequest(String method, String route, int status, Duration took) {
    Timer.builder("maproom_http_server_requests")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** Kafka records a consumer handled, by outcome: handled, skipped (unknown type) or dead-lettered. */
  public Counter consumed(String topic, String outcome) {
    return Counter.builder("maproom_consumer_records").tags("topic", topic, "outcome", outcome).register(registry);
  }
}
