package org.maproom.notify.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.notify.delivery.DevOutbox;
import org.maproom.notify.dispatch.Sends;
import org.maproom.notify.domain.PhoneNumbers;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.domain.UnsubscribeLinks;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.notify.readmodel.Suppressions;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;

/**
 * notify-service's HTTP API (docs/api/notify-service.yaml): sign up with consent, leave the list (by the API or the
 * one-click link in a text), and for admins
 * a number's consent record, erasure, the list's size and the dev outbox. Answers about a number never say whether
 * it was on the list, and never show more of it than the last two digits.
 */
public final class SubscriptionRoutes {
  private static final NotifyApi.Accepted LEFT = new NotifyApi.Accepted("If that number was on the list, it will get no more texts.");
  private static final NotifyApi.Accepted ERASED = new NotifyApi.Accepted("If that number was on the list, it is erased.");
  private final ClusterSharding sharding;
  private final Subscribers subscribers;
  private final DevOutbox outbox;
  private final Sends sends;
  private final Suppressions suppressions;
  private final UnsubscribeLinks links;
  private final PiiCipher pii;
  private final String disclosureVersion;
  private final Duration timeout;
  private final Clock clock;

  public SubscriptionRoutes(ActorSystem<?> system, Subscribers subscribers, Suppressions suppressions, DevOutbox outbox, Sends sends,
      UnsubscribeLinks links, PiiCipher pii, String disclosureVersion, Clock clock) {
    this.suppressions = suppressions;
    this.sends = sends;
    this.links = links;
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
        .post("/subscriptions", p -> api.optionalIdentity(who -> Api.json(NotifyApi.Subscribe.class, body ->
            Api.reply(StatusCodes.ACCEPTED, subscribe(body, who)))))
        .post("/subscriptions/unsubscribe", p -> Api.json(NotifyApi.Number.class, body ->
            Api.reply(StatusCodes.ACCEPTED, suppressions.unsubscribe(subscriberId(body), Subscriber.Via.api).thenApply(s -> LEFT))))
        .post("/subscriptions/unsubscribe-link", p -> Api.json(NotifyApi.UnsubscribeLink.class, body ->
            Api.reply(StatusCodes.ACCEPTED, unsubscribeByLink(body.token()))))
        .post("/admin/subscriptions/lookup", p -> api.requireRole(Identity.ADMIN, who -> Api.json(NotifyApi.Number.class, body ->
            Api.reply(subscriber(body).<Subscriber.Details>askWithStatus(Subscriber.Get::new, timeout).thenApply(SubscriptionRoutes::toRecord)))))
        .post("/admin/subscriptions/erase", p -> api.requireRole(Identity.ADMIN, who -> Api.json(NotifyApi.Number.class, body ->
            Api.reply(StatusCodes.ACCEPTED, subscriber(body).<Done>askWithStatus(r -> new Subscriber.Erase(clock.instant(), r), timeout)
                .thenApply(done -> ERASED)))))
        .get("/subscriptions/stats", p -> api.requireRole(Identity.ADMIN, who ->
            Api.reply(subscribers.count().thenApply(NotifyApi.Stats::new))))
        .get("/outbox", p -> api.requireRole(Identity.ADMIN, who -> Api.reply(outbox.latest(200).thenApply(NotifyApi.Outbox::new))));
  }

  /** The same answer whether or not the number was subscribed already: nothing is revealed. */
  private CompletionStage<NotifyApi.Subscribed> subscribe(NotifyApi.Subscribe body, Optional<Identity> who) {
    if (!Boolean.TRUE.equals(body.consent())) {
      throw new ProblemException(422, "Consent needed", "Tick the box to agree to receive texts; we never assume it.");
    }
    var valid = valid(body.phone(), body.region());
    String subscriberId = pii.lookupHash(valid.e164());
    var consent = new Subscriber.Consent(clock.instant(), clip(body.page(), 200), disclosureVersion,
        body.ip() == null ? null : pii.encrypt(clip(body.ip(), 64), subscriberId), clip(body.userAgent(), 300));
    String encrypted = pii.encrypt(valid.e164(), subscriberId);
    return sharding.entityRefFor(Subscriber.ENTITY_KEY, subscriberId)
        .<Subscriber.Summary>askWithStatus(reply ->
            new Subscriber.Subscribe(encrypted, valid.lastDigits(), consent, who.map(Identity::accountId).orElse(null), reply), timeout)
        .thenApply(s -> new NotifyApi.Subscribed(s.lastDigits()));
  }

  /** The link in a text works once: a second use, or a token we never made, changes nothing. */
  private CompletionStage<NotifyApi.Accepted> unsubscribeByLink(String token) {
    long sendId = links.sendOf(token).orElseThrow(() -> ProblemException.notFound("That unsubscribe link is not one of ours."));
    return sends.useLink(sendId).thenCompose(used -> switch (used.use()) {
      case used -> suppressions.unsubscribe(used.subscriberId(), Subscriber.Via.link).thenApply(s -> LEFT);
      case already_used -> throw new ProblemException(410, "Link already used", "This link has been used; the number is off the list.");
      case unknown -> throw ProblemException.notFound("That unsubscribe link is not one of ours.");
    });
  }

  private EntityRef<Subscriber.Command> subscriber(NotifyApi.Number number) {
    return sharding.entityRefFor(Subscriber.ENTITY_KEY, subscriberId(number));
  }

  private String subscriberId(NotifyApi.Number number) {
    return pii.lookupHash(valid(number.phone(), number.region()).e164());
  }

  private static PhoneNumbers.Valid valid(String phone, String region) {
    var parsed = PhoneNumbers.parse(phone, region);
    if (parsed instanceof PhoneNumbers.Invalid invalid) throw new ProblemException(422, "Invalid phone number", invalid.reason());
    return (PhoneNumbers.Valid) parsed;
  }

  private static String clip(String text, int max) {
    if (text == null) return null;
    return text.length() <= max ? text : text.substring(0, max);
  }

  private static NotifyApi.SubscriberRecord toRecord(Subscriber.Details d) {
    return new NotifyApi.SubscriberRecord(d.lastDigits(), d.active(), d.consents().stream()
        .map(c -> new NotifyApi.ConsentRecord(c.at(), c.page(), c.disclosureVersion(), c.userAgent())).toList());
  }
}
