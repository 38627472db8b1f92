package org.maproom.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Configuration for entity unit tests: in-memory journal, one local node, the services' Jackson bindings. */
public final class EntityTestConfig {
  private EntityTestConfig() {}

  public static Config get() {
    return ConfigFactory.parseString("pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(ConfigFactory.load());
  }

  /** The same, with a service's own file (e.g. "engagement-service.conf") for its extra serialization bindings. */
  public static Config forService(String serviceConf) {
    return get().withFallback(ConfigFactory.parseResources(serviceConf)).resolve();
  }
}
