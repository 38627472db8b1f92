package org.maproom.platform.metrics;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/** {@code GET /metrics} on Pekko Management's port, for the ServiceMonitors (registered in reference.conf). */
public final class MetricsRoutes implements ManagementRouteProvider {
  private final Metrics metrics;

  public MetricsRoutes(ExtendedActorSystem system) {
    this.metrics = Metrics.get(system);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return Directives.path("metrics", () -> Directives.get(() -> Directives.complete(HttpResponse.create().withEntity(
        HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape())))));
  }
}
