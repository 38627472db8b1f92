package org.maproom.notify.dispatch;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.maproom.notify.delivery.SmsMessage;
import org.maproom.notify.delivery.SmsProvider;
import org.maproom.notify.delivery.WithFallback;
import org.maproom.notify.domain.Campaign;
import org.maproom.notify.domain.QuietHours;
import org.maproom.notify.domain.Segments;
import org.maproom.notify.domain.SpendLimits;
import org.maproom.notify.domain.SmsProgram;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.domain.Texts;
import org.maproom.notify.domain.UnsubscribeLinks;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.notify.readmodel.Suppressions;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every text, one per cluster (a cluster singleton, since the provider's rate limit is the account's). One
 * stream claims sends in id order, settles the ones that need no text (the number left the list, the recipient's
 * quiet hours), shapes the rest to the configured segments per second, hands them to the provider (backing off on
 * 429/503), and records each outcome. An answer that blames the account (a wrong token, a sender not allowed) holds
 * all sending (the program shows why) and puts the text back untouched: a configuration error never unsubscribes
 * anyone. A second, slower loop asks a held provider whether its account works again, looks up sends left in doubt
 * by a timeout or a crash (found: accepted; provably absent: sent again; look-up failing for long: reported
 * ambiguous), reconciles delivery statuses whose callbacks never came, completes finished campaigns, and purges
 * waitlisted numbers past retention.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int BATCH = 500;
  private static final int MAX_SEGMENTS_AT_ONCE = 10;

  public record Settings(int parallelism, double segmentsPerSecond, Duration lookupGrace, Duration ambiguousAfter,
      Duration reconcileAfter, Duration housekeeping, Duration retention, Duration askTimeout, SpendLimits spend) {
    public static Settings fromConfig(Config sms, Duration askTimeout) {
      return new Settings(sms.getInt("parallelism"), sms.getDouble("segments-per-second"), sms.getDuration("lookup-grace"),
          sms.getDuration("ambiguous-after"), sms.getDuration("reconcile-after"), sms.getDuration("housekeeping-interval"),
          sms.getDuration("waitlist-retention"), askTimeout, SpendLimits.fromConfig(sms));
    }
  }

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Sends sends;
  private final Subscribers subscribers;
  private final Suppressions suppressions;
  private final WithFallback providers;
  private final PiiCipher pii;
  private final Texts texts;
  private final UnsubscribeLinks links;
  private final Settings settings;
  private final Clock clock;
  private final java.util.Map<String, Sends.CampaignText> campaignTexts = new java.util.concurrent.ConcurrentHashMap<>();
  /** Why sending is held, as last seen (null: not held); texts already on their way go back without a provider call. */
  private final AtomicReference<SmsProgram.ProviderFailing> held = new AtomicReference<>();
  /** The spend as last read before a claim. */
  private final AtomicReference<SpendLimits.Spent> spent = new AtomicReference<>(new SpendLimits.Spent(0, 0));

  public Dispatcher(ActorSystem<?> system, Sends sends, Subscribers subscribers, Suppressions suppressions, WithFallback providers,
      PiiCipher pii, Texts texts, UnsubscribeLinks links, Settings settings, Clock clock) {
    this.suppressions = suppressions;
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.sends = sends;
    this.subscribers = subscribers;
    this.providers = providers;
    this.pii = pii;
    this.texts = texts;
    this.links = links;
    this.settings = settings;
    this.clock = clock;
    Gauge.builder("maproom_sms_sending_held", held, h -> h.get() == null ? 0 : 1)
        .description("1 while the provider's account is failing and no text is sent (on the node running the dispatcher)")
        .register(Metrics.get(system).registry());
    Gauge.builder("maproom_sms_spent_this_month", spent, s -> s.get().costThisMonth())
        .description("The cost of texts the provider accepted this month (UTC), in notify.sms.currency (on the dispatcher's node)")
        .register(Metrics.get(system).registry());
    Gauge.builder("maproom_sms_budget_reached", spent, s -> settings.spend().budgetReached(s.get()) ? 1 : 0)
        .description("1 while this month's budget is spent and no text goes out (on the dispatcher's node)")
        .register(Metrics.get(system).registry());
  }

  /** Runs the dispatcher on one node of the cluster (moving it when that node leaves). */
  public void start() {
    ClusterSingleton.get(system).init(SingletonActor.of(behavior(), "sms-dispatcher"));
  }

  private Behavior<Void> behavior() {
    return Behaviors.setup(ctx -> {
      UniqueKillSwitch sending = RestartSource.withBackoff(RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2),
              // Whatever an earlier run handed to a provider and never settled is in doubt: looked up, never resent.
              () -> Source.completionStageSource(sends.claimedToInDoubt().thenApply(n -> sending())))
          .viaMat(KillSwitches.single(), Keep.right())
          .toMat(Sink.ignore(), Keep.left())
          .run(system);
      UniqueKillSwitch housekeeping = Source.tick(settings.housekeeping(), settings.housekeeping(), NotUsed.getInstance())
          .viaMat(KillSwitches.single(), Keep.right())
          .mapAsync(1, tick -> housekeep().exceptionally(e -> {
            log.warn("SMS housekeeping failed; trying again", e);
            return Done.getInstance();
          }))
          .to(Sink.ignore()).run(system);
      // Stopped first when the node shuts down, while sharding and the database still answer: no failed claims logged.
      Cancellable onShutdown = CoordinatedShutdown.get(system).addCancellableTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
          "stop-sms-dispatcher", () -> {
            sending.shutdown();
            housekeeping.shutdown();
            return CompletableFuture.completedFuture(Done.getInstance());
          });
      return Behaviors.<Void>receive(Void.class).onSignal(PostStop.class, signal -> {
        onShutdown.cancel();
        sending.shutdown();
        housekeeping.shutdown();
        return Behaviors.same();
      }).build();
    });
  }

  // ---- sending ----

  /** A claimed send, ready: its message and cost, or already settled without a text. */
  private record Prepared(long id, SmsMessage message, int segments, Sends.Settle settled) {}

  /** Claims, shapes, sends and settles, for ever; a failure (the database gone) ends it, and it is started again. */
  private Source<Integer, NotUsed> sending() {
    var prepared = Source.repeat(NotUsed.getInstance())
        .mapAsync(1, x -> nextBatch())
        .mapConcat(batch -> batch);
    // Weighted by segments; the burst (a tenth of a second's worth, at least a long text's) is all that may go at once.
    var shaped = settings.segmentsPerSecond() > 0
        ? prepared.throttle((int) Math.max(1, Math.round(settings.segmentsPerSecond())), Duration.ofSeconds(1),
            (int) Math.max(MAX_SEGMENTS_AT_ONCE, Math.round(settings.segmentsPerSecond() / 10)),
            p -> p.settled() == null ? p.segments() : 0, ThrottleMode.shaping())
        : prepared;
    return shaped
        .mapAsyncUnordered(settings.parallelism(), p -> p.settled() != null ? CompletableFuture.completedFuture(p.settled()) : deliver(p))
        .groupedWithin(500, Duration.ofMillis(50))
        .mapAsync(1, sends::settle);
  }

  /** The next sends, prepared; while the program waits to go live (or nothing is due), an empty batch a little later. */
  private CompletionStage<List<Prepared>> nextBatch() {
    List<Prepared> none = List.of();
    return program().thenCompose(program -> {
      held.set(program.providerFailing());
      if (!program.sending()) return later(none);
      // The budget and the day's confirmation cap, checked against the database before every claim: cluster-wide.
      return sends.spent(clock.instant()).thenCompose(now -> {
        spent.set(now);
        if (settings.spend().budgetReached(now)) return later(none);
        return sends.claim(batchSize(), settings.spend().confirmationsLeft(now)).thenCompose(claimed ->
            claimed.isEmpty() ? later(none) : campaignTexts(claimed).thenApply(d -> prepare(claimed, program.window())));
      });
    }).exceptionallyCompose(e -> {
          log.warn("Claiming texts failed; trying again", e);
          return later(none);
        });
  }

  private int batchSize() {
    // Claim about a second's worth at a time: a claimed send waits in the throttle no longer than that.
    return settings.segmentsPerSecond() > 0 ? (int) Math.max(1, Math.min(BATCH, settings.segmentsPerSecond())) : BATCH;
  }

  private static <T> CompletionStage<T> later(T value) {
    return CompletableFuture.supplyAsync(() -> value, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
  }

  /** Campaign titles and links never change once started: loaded once, before the sends that need them. */
  private CompletionStage<Done> campaignTexts(List<Sends.Claimed> claimed) {
    return CompletableFuture.allOf(claimed.stream().map(Sends.Claimed::campaignId).distinct()
        .filter(id -> !id.equals(Sends.WELCOME) && !campaignTexts.containsKey(id))
        .map(id -> sends.text(id).thenAccept(t -> t.ifPresent(text -> campaignTexts.put(id, text))).toCompletableFuture())
        .toArray(CompletableFuture[]::new)).thenApply(x -> Done.getInstance());
  }

  private List<Prepared> prepare(List<Sends.Claimed> claimed, QuietHours window) {
    Instant now = clock.instant();
    return claimed.stream().map(c -> {
      if (c.suppressed() || c.encryptedPhone() == null) return settled(Sends.Settle.to(c.id(), "suppressed", null));
      try {
        String to = pii.decrypt(c.encryptedPhone(), c.subscriberId());
        Optional<Instant> until = window.hasQuietHours() ? window.deferredUntil(now, QuietHours.zonesOf(to)) : Optional.empty();
        if (until.isPresent()) return settled(new Sends.Settle(c.id(), "deferred", null, null, null, null, null, null, until.get(), 0));
        String body = body(c);
        return new Prepared(c.id(), new SmsMessage(c.sendKey(), c.campaignId(), c.subscriberId(), to, body), Segments.of(body).segments(), null);
      } catch (RuntimeException e) {
        // Never sent, and never sendable as it stands (a key gone, the campaign gone): settled and reported.
        log.error("Send {} cannot be prepared; marked refused", c.id(), e);
        return settled(Sends.Settle.to(c.id(), "refused", "cannot be prepared: " + e.getClass().getSimpleName()));
      }
    }).toList();
  }

  private static Prepared settled(Sends.Settle settle) {
    return new Prepared(settle.id(), null, 0, settle);
  }

  /** The text of a send: the same every time it is built, so that a look-up can recognise it. */
  private String body(Sends.Claimed c) {
    String link = links.linkFor(c.id());
    if (c.campaignId().equals(Sends.WELCOME)) return texts.welcome(link);
    Sends.CampaignText article = campaignTexts.get(c.campaignId());
    return texts.article(article.title(), article.url(), link);
  }

  private CompletionStage<Sends.Settle> deliver(Prepared p) {
    return deliver(p, 0).exceptionally(e -> Sends.Settle.to(p.id(), "in_doubt", String.valueOf(e.getMessage())));
  }

  private CompletionStage<Sends.Settle> deliver(Prepared p, int attempt) {
    long id = p.id();
    if (held.get() != null) return CompletableFuture.completedFuture(Sends.Settle.to(id, "pending", null));
    return providers.send(p.message()).thenCompose(sent -> {
      SmsProvider.Outcome outcome = sent.outcome();
      if (outcome instanceof SmsProvider.Accepted a) {
        return CompletableFuture.completedFuture(
            new Sends.Settle(id, "accepted", sent.provider(), a.sid(), a.segments(), a.status(), welcomeOf(p.message()), null, null,
                settings.spend().cost(p.message().to(), a.segments())));
      }
      if (outcome instanceof SmsProvider.AccountFailing f) {
        return hold(sent.provider(), f.reason()).thenApply(d -> Sends.Settle.to(id, "pending", f.reason()));
      }
      if (outcome instanceof SmsProvider.Refused r) {
        // Opted out at the provider: off our list too. A number that cannot take even its confirmation: off as well.
        // A code we do not know says nothing about the number: this text is refused, the subscriber stays.
        boolean leave = r.optedOut() || r.why() == SmsProvider.Recipient.UNREACHABLE && p.message().campaignId().equals(Sends.WELCOME);
        return (leave ? leaveList(p.message().subscriberId(), r.optedOut() ? Subscriber.Via.stop : Subscriber.Via.undeliverable)
            : CompletableFuture.completedFuture(Done.getInstance()))
            .thenApply(d -> new Sends.Settle(id, r.optedOut() ? "opted_out" : "refused", sent.provider(), null, null, null, null, r.reason(), null, 0));
      }
      if (outcome instanceof SmsProvider.Throttled t) {
        // Provably not sent: back off and try again; after about a minute, back in the queue for a later batch.
        if (attempt >= 7) return CompletableFuture.completedFuture(Sends.Settle.to(id, "pending", t.reason()));
        return CompletableFuture.supplyAsync(() -> attempt, CompletableFuture.delayedExecutor(250L << attempt, TimeUnit.MILLISECONDS))
            .thenCompose(n -> deliver(p, n + 1));
      }
      return CompletableFuture.completedFuture(
          new Sends.Settle(id, "in_doubt", sent.provider(), null, null, null, null, ((SmsProvider.Unknown) outcome).reason(), null, 0));
    });
  }

  private static String welcomeOf(SmsMessage m) {
    return m.campaignId().equals(Sends.WELCOME) ? m.subscriberId() : null;
  }

  private CompletionStage<Done> leaveList(String subscriberId, Subscriber.Via via) {
    return suppressions.unsubscribe(subscriberId, via).thenApply(s -> Done.getInstance());
  }

  private CompletionStage<SmsProgram.Settings> program() {
    return sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID).askWithStatus(SmsProgram.Get::new, settings.askTimeout());
  }

  /** Holds all sending: here at once, and in the program, where operators see it and every node's dispatcher obeys. */
  private CompletionStage<Done> hold(String provider, String reason) {
    if (held.compareAndSet(null, new SmsProgram.ProviderFailing(provider, reason, clock.instant()))) {
      log.error("SMS sending held: provider {} answered {}; no text goes out until its account works or an operator resumes", provider, reason);
    }
    return sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID)
        .<SmsProgram.Settings>askWithStatus(r -> new SmsProgram.HoldForProvider(provider, reason, clock.instant(), r), settings.askTimeout())
        .thenApply(s -> Done.getInstance());
  }

  /** While held, asks the providers (sending nothing) whether the account works again, and resumes if so. */
  private CompletionStage<Done> probe() {
    return program().thenCompose(program -> program.providerFailing() == null ? CompletableFuture.completedFuture(Done.getInstance())
        : providers.accountWorks().thenCompose(works -> !works ? CompletableFuture.completedFuture(Done.getInstance())
            : sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID)
                .<SmsProgram.Settings>askWithStatus(r -> new SmsProgram.ResumeSending("probe", clock.instant(), r), settings.askTimeout())
                .thenApply(s -> {
                  log.info("SMS sending resumed: the provider's account answers again");
                  return Done.getInstance();
                })));
  }

  // ---- housekeeping ----

  private CompletionStage<Done> housekeep() {
    return probe()
        .thenCompose(d -> sends.wake())
        .thenCompose(n -> lookUpInDoubt())
        .thenCompose(d -> reconcile())
        .thenCompose(d -> completeFinished())
        .thenCompose(d -> purgeWaitlist());
  }

  /**
   * Sends in doubt past the grace (any request of theirs has ended): asked of the provider that had them. Found:
   * accepted. Provably absent: pending again, so sent once. The look-up failing until {@code ambiguousAfter}:
   * reported ambiguous and never resent.
   */
  private CompletionStage<Done> lookUpInDoubt() {
    return sends.inDoubt(settings.lookupGrace(), BATCH).thenCompose(rows -> campaignTexts(rows).thenApply(d -> rows)).thenCompose(rows -> Source.from(rows)
        .mapAsyncUnordered(settings.parallelism(), c -> lookUp(c))
        .filter(java.util.Objects::nonNull)
        .grouped(BATCH)
        .mapAsync(1, sends::settle)
        .runWith(Sink.ignore(), system));
  }

  private CompletionStage<Sends.Settle> lookUp(Sends.Claimed c) {
    try {
      return lookUpOrFail(c);
    } catch (RuntimeException e) {
      log.warn("Send {} in doubt cannot be looked up yet", c.id(), e);
      return CompletableFuture.completedFuture(null);
    }
  }

  private CompletionStage<Sends.Settle> lookUpOrFail(Sends.Claimed c) {
    if (c.encryptedPhone() == null) return CompletableFuture.completedFuture(Sends.Settle.to(c.id(), "ambiguous", "erased while in doubt"));
    String to = pii.decrypt(c.encryptedPhone(), c.subscriberId());
    String body = body(c);
    SmsProvider provider = providers.forName(c.provider());
    SmsMessage message = new SmsMessage(c.sendKey(), c.campaignId(), c.subscriberId(), to, body);
    return provider.lookup(message).thenCompose(found -> {
      if (found instanceof SmsProvider.Found f) {
        int segments = Segments.of(body).segments();
        return CompletableFuture.completedFuture(new Sends.Settle(c.id(), "accepted", provider.name(), f.sid(), segments,
            f.status(), welcomeOf(message), null, null, settings.spend().cost(to, segments)));
      }
      if (found instanceof SmsProvider.NotFound) return CompletableFuture.completedFuture(Sends.Settle.to(c.id(), "pending", "not found on look-up"));
      boolean tooLong = c.claimedAt().plus(settings.ambiguousAfter()).isBefore(clock.instant());
      return CompletableFuture.completedFuture(tooLong
          ? new Sends.Settle(c.id(), "ambiguous", null, null, null, null, welcomeOf(message), ((SmsProvider.LookupFailed) found).reason(), null, 0)
          : null);
    });
  }

  /** Texts the provider took whose final status never came back: asked for it. */
  private CompletionStage<Done> reconcile() {
    return sends.withoutFinalStatus(settings.reconcileAfter(), BATCH).thenCompose(rows -> Source.from(rows)
        .mapAsyncUnordered(settings.parallelism(), u -> providers.forName(u.provider()).status(u.sid()).thenCompose(s -> s instanceof SmsProvider.Found f
            ? sends.applyStatus(u.sid(), f.status(), f.errorCode(), true)
            : CompletableFuture.completedFuture(false)))
        .runWith(Sink.ignore(), system));
  }

  private CompletionStage<Done> completeFinished() {
    return sends.finishedCampaigns().thenCompose(ids -> CompletableFuture.allOf(ids.stream()
        .map(id -> sharding.entityRefFor(Campaign.ENTITY_KEY, id)
            .<Campaign.Summary>askWithStatus(r -> new Campaign.Complete(clock.instant(), r), settings.askTimeout()).toCompletableFuture())
        .toArray(CompletableFuture[]::new)).thenApply(x -> Done.getInstance()));
  }

  /** Numbers still waiting for their confirmation after the retention period are erased, as the sign-up promised. */
  private CompletionStage<Done> purgeWaitlist() {
    return subscribers.waitingSince(clock.instant().minus(settings.retention()), BATCH).thenCompose(ids -> CompletableFuture.allOf(ids.stream()
        .map(id -> sharding.entityRefFor(Subscriber.ENTITY_KEY, id)
            .<Done>askWithStatus(r -> new Subscriber.Erase(clock.instant(), r), settings.askTimeout()).toCompletableFuture())
        .toArray(CompletableFuture[]::new)).thenApply(x -> Done.getInstance()));
  }
}
