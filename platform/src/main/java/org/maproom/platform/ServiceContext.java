package org.maproom.platform;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;
import org.maproom.platform.db.Database;
import org.maproom.platform.identity.IdentityToken;

/** What a service's {@code init} gets: its actor system, its database (migrated), and the identity verifier. */
public record ServiceContext(String serviceName, ActorSystem<?> system, Database database, IdentityToken identities) {
  public Config config() {
    return system.settings().config();
  }
}
