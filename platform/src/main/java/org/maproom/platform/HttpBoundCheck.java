package org.maproom.platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionId;

/**
 * Readiness check (registered in reference.conf): ready only once the service's HTTP API is bound, so that Kubernetes
 * sends no traffic to a pod that is a cluster member but not serving yet, and none after unbinding at shutdown.
 */
public final class HttpBoundCheck implements Supplier<CompletionStage<Boolean>> {
  private static final class Bound extends AtomicBoolean implements Extension {}

  private static final ExtensionId<Bound> ID = new ExtensionId<>() {
    @Override
    public Bound createExtension(ExtendedActorSystem system) {
      return new Bound();
    }
  };

  private final Bound bound;

  public HttpBoundCheck(ActorSystem system) {
    this.bound = ID.get(system);
  }

  static void set(ActorSystem system, boolean value) {
    ID.get(system).set(value);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(bound.get());
  }
}
