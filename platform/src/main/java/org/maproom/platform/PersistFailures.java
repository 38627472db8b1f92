package org.maproom.platform;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/**
 * What every entity does when the journal refuses a write: stop, and start again (replaying its events) after a
 * backoff, so a database outage is not hammered. The caller's ask times out and it may retry.
 */
public final class PersistFailures {
  public static final BackoffSupervisorStrategy RESTART_WITH_BACKOFF =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);

  private PersistFailures() {}
}
