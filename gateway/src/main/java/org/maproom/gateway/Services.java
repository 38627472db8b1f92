package org.maproom.gateway;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.maproom.platform.http.ServiceClient;

/** The four services the gateway calls, from {@code gateway.services}. */
public record Services(ServiceClient content, ServiceClient engagement, ServiceClient moderation, ServiceClient notifications) {
  public static Services fromConfig(ActorSystem<?> system) {
    Config c = system.settings().config().getConfig("gateway.services");
    Duration timeout = c.getDuration("timeout");
    return new Services(
        new ServiceClient(system, "content-service", c.getString("content"), timeout),
        new ServiceClient(system, "engagement-service", c.getString("engagement"), timeout),
        new ServiceClient(system, "moderation-service", c.getString("moderation"), timeout),
        new ServiceClient(system, "notify-service", c.getString("notify"), timeout));
  }
}
