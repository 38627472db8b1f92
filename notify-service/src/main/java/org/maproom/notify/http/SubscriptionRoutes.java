package org.maproom.notify.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.notify.delivery.DevOutbox;
import org.maproom.notify.domain.PhoneNumbers;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;

/** notify-service's HTTP API (docs/api/notify-service.yaml). */
public final class SubscriptionRoutes {
  private final ClusterSharding sharding;
  private final Subscribers subscribers;
  private final DevOutbox outbox;
  private final PiiCipher pii;
  private final String disclosureVersion;
  private final Duration timeout;
  private final Clock clock;

  public SubscriptionRoutes(ActorSystem<?> system, Subscribers subscribers, DevOutbox outbox, PiiCipher pii,
      String disclosureVersion, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.subscribers = subscribers;
    this.outbox = outbox;
    this.pii = pii;
    this.disclosureVersion = disclosureVersion;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api api(Api api) {
    return api
        .post("/subscriptions", p -> Api.json(NotifyApi.Subscribe.class, body -> Api.reply(StatusCodes.ACCEPTED, subscribe(body))))
        .get("/subscriptions/stats", p -> api.requireRole(Identity.ADMIN, who ->
            Api.reply(subscribers.count().thenApply(NotifyApi.Stats::new))))
        .get("/outbox", p -> api.requireRole(Identity.ADMIN, who -> Api.reply(outbox.latest(200).thenApply(NotifyApi.Outbox::new))));
  }

  /** The same answer whether or not the number was subscribed already: nothing is revealed. */
  private CompletionStage<NotifyApi.Subscribed> subscribe(NotifyApi.Subscribe body) {
    if (!Boolean.TRUE.equals(body.consent())) {
      throw new ProblemException(422, "Consent needed", "Tick the box to agree to receive texts; we never assume it.");
    }
    var parsed = PhoneNumbers.parse(body.phone(), body.region());
    if (parsed instanceof PhoneNumbers.Invalid invalid) throw new ProblemException(422, "Invalid phone number", invalid.reason());
    var valid = (PhoneNumbers.Valid) parsed;
    String page = body.page() == null ? "" : body.page().substring(0, Math.min(200, body.page().length()));
    String subscriberId = pii.lookupHash(valid.e164());
    String encrypted = pii.encrypt(valid.e164(), subscriberId);
    return sharding.entityRefFor(Subscriber.ENTITY_KEY, subscriberId)
        .<Subscriber.Summary>askWithStatus(reply ->
            new Subscriber.Subscribe(encrypted, valid.lastDigits(), disclosureVersion, page, clock.instant(), reply), timeout)
        .thenApply(s -> new NotifyApi.Subscribed(s.lastDigits()));
  }
}
