package org.maproom.engagement.http;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.EngagementApi.Counters;
import org.maproom.engagement.domain.ArticleEngagement;
import org.maproom.engagement.domain.ArticleEngagement.Hit;
import org.maproom.engagement.domain.Bots;
import org.maproom.engagement.domain.Inbound;
import org.maproom.engagement.domain.ReaderChoices;
import org.maproom.engagement.snapshots.TopArticles;
import org.maproom.platform.http.AddressKey;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.Problems;
import org.maproom.platform.http.RateLimiter;
import org.maproom.platform.identity.IdentityToken;
import org.maproom.platform.metrics.Metrics;

/**
 * engagement-service's HTTP API (docs/api/engagement-service.yaml). Hits that are not readers' (crawlers, scripts)
 * are answered like any other, with the counters, but not counted; {@code maproom_engagement_dropped_hits_total}
 * counts them by reason. Shares, reactions and votes are rate-limited per reader and per address.
 */
public final class EngagementRoutes {
  private static final Pattern READER_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final int MAX_HEADER = 2048;
  /** A full batch of items with long user agents and page tokens: well over the usual body limit. */
  private static final long BATCH_BYTES = EngagementApi.MAX_BATCH * (MAX_HEADER + 512L);
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final Clock clock;
  private final Bots bots;
  private final Inbound inbound;
  private final MeterRegistry metrics;
  private final RateLimiter sharesPerReader;
  private final RateLimiter sharesPerIp;
  private final RateLimiter tapsPerReader;
  private final RateLimiter tapsPerIp;
  private final RateLimiter votesPerReader;
  private final RateLimiter votesPerIp;
  private final List<String> reactionKinds;

  private final TopArticles top;

  private final IdentityToken identities;

  public EngagementRoutes(ActorSystem<?> system, Clock clock, TopArticles top, IdentityToken identities) {
    this.top = top;
    this.identities = identities;
    Config config = system.settings().config();
    this.sharding = ClusterSharding.get(system);
    this.timeout = config.getDuration("maproom.ask-timeout");
    this.clock = clock;
    this.bots = new Bots(config.getStringList("engagement.bot-user-agents"));
    this.inbound = new Inbound(URI.create(config.getString("engagement.public-base-url")).getHost(),
        new HashSet<>(config.getStringList("engagement.spam-referrers")));
    this.metrics = Metrics.get(system).registry();
    this.sharesPerReader = RateLimiter.fromConfig("shares", config.getConfig("engagement.rate-limits.share-per-reader"));
    this.sharesPerIp = RateLimiter.fromConfig("shares from this address", config.getConfig("engagement.rate-limits.share-per-ip"));
    this.tapsPerReader = RateLimiter.fromConfig("reactions", config.getConfig("engagement.rate-limits.tap-per-reader"));
    this.tapsPerIp = RateLimiter.fromConfig("reactions from this address", config.getConfig("engagement.rate-limits.tap-per-ip"));
    this.votesPerReader = RateLimiter.fromConfig("votes", config.getConfig("engagement.rate-limits.vote-per-reader"));
    this.votesPerIp = RateLimiter.fromConfig("votes from this address", config.getConfig("engagement.rate-limits.vote-per-ip"));
    this.reactionKinds = config.getStringList("engagement.reaction-kinds");
  }

  /** Views come from the gateway as it renders the page; the rest are the page's beacons, with its page token. */
  public Api api() {
    return new Api(identities)
        .post("/articles/{id}/views", p -> Api.json(EngagementApi.RecordView.class, body ->
            Api.reply(recordViews(p.get("id"), List.of(body)))))
        .post("/articles/{id}/views/batch", p -> Api.json(EngagementApi.RecordViews.class, BATCH_BYTES, body ->
            Api.reply(recordViews(p.get("id"), body.views()))))
        .post("/articles/{id}/heartbeats", p -> Api.json(EngagementApi.Heartbeat.class, body -> beacon(token ->
            Api.reply(heartbeat(p.get("id"), body, token)))))
        .post("/articles/{id}/shares", p -> Api.json(EngagementApi.Share.class, body -> beacon(token ->
            Api.reply(share(p.get("id"), body, token)))))
        .post("/articles/{id}/reactions", p -> Api.json(EngagementApi.Reaction.class, body -> beacon(token ->
            Api.reply(react(p.get("id"), body, token, admission(p.get("id")), () -> counted(p.get("id"), body.readerId(), body.ip()))))))
        .post("/articles/{id}/votes", p -> Api.json(EngagementApi.Vote.class, body -> beacon(token ->
            Api.reply(vote(p.get("id"), body, token, admission(p.get("id")), () -> counted(p.get("id"), body.readerId(), body.ip()))))))
        .post("/articles/{id}/choices/batch", p -> Api.json(EngagementApi.ChoiceBatch.class, BATCH_BYTES, body ->
            Api.reply(choices(p.get("id"), body))))
        .get("/articles/{id}/readers/{readerId}/choices", p -> Api.reply(choices(p.get("id"), requireReader(p.get("readerId")))))
        .get("/articles/{id}/counters", p -> Api.reply(counters(p.get("id"))))
        .get("/articles/{id}/history", p -> Api.reply(article(p.get("id"))
            .<EngagementApi.History>askWithStatus(ArticleEngagement.GetHistory::new, timeout)))
        .get("/top", p -> Api.query(q -> Api.reply(top(q.getOrDefault("window", "24h"), q.getOrDefault("limit", "10")))));
  }

  private static Route beacon(java.util.function.Function<Optional<String>, Route> inner) {
    return Directives.optionalHeaderValueByName(IdentityToken.PAGE_HEADER, inner);
  }

  /** All or none: one bad view refuses the batch. Views that are not readers' are left out, and counted as dropped. */
  private CompletionStage<Counters> recordViews(String articleId, List<EngagementApi.RecordView> views) {
    if (views == null || views.isEmpty() || views.size() > EngagementApi.MAX_BATCH) {
      throw ProblemException.badRequest("views must hold 1 to " + EngagementApi.MAX_BATCH + " views.");
    }
    Instant now = clock.instant();
    List<Hit> hits = new ArrayList<>(views.size());
    List<String> addresses = new ArrayList<>(views.size());
    for (EngagementApi.RecordView view : views) {
      if (view == null) throw ProblemException.badRequest("A view is missing.");
      requireReader(view.readerId());
      String domain = inbound.domainOf(limited(view.source()), limited(view.referrer())).orElse(null);
      if (!notAReader(view.userAgent())) {
        hits.add(new Hit.View(view.readerId(), now, domain));
        addresses.add(view.ip());
      }
    }
    return hits.isEmpty() ? counters(articleId) : record(articleId, hits, addresses);
  }

  private CompletionStage<Counters> share(String articleId, EngagementApi.Share share, Optional<String> pageToken) {
    requireReader(share.readerId());
    if (share.channel() == null || !ArticleEngagement.SHARE_CHANNELS.contains(share.channel())) {
      throw new ProblemException(422, "Unknown channel",
          "channel must be one of " + String.join(", ", ArticleEngagement.SHARE_CHANNELS.stream().sorted().toList()) + ".");
    }
    limit(sharesPerReader, sharesPerIp, share.readerId(), share.ip());
    if (notFromThePage(articleId, share.readerId(), share.userAgent(), pageToken)) return counters(articleId);
    return record(articleId, List.of(new Hit.Share(share.readerId(), clock.instant(), share.channel())), java.util.Collections.singletonList(share.ip()));
  }

  /**
   * Each choice as its single endpoint would take it, the article asked once per batch (per option for votes)
   * whether it admits them: a hot article's entity answers one Admit for a gateway's whole batch of taps. One
   * reader's choices are applied in the batch's order (a tap and its take-back must not swap).
   */
  private CompletionStage<EngagementApi.ChoiceResults> choices(String articleId, EngagementApi.ChoiceBatch batch) {
    if (batch.choices() == null || batch.choices().isEmpty() || batch.choices().size() > EngagementApi.MAX_BATCH) {
      throw ProblemException.badRequest("choices must hold 1 to " + EngagementApi.MAX_BATCH + " choices.");
    }
    Map<String, CompletionStage<Done>> asked = new ConcurrentHashMap<>();
    Map<String, CompletionStage<?>> readersLast = new HashMap<>();
    List<CompletableFuture<EngagementApi.ChoiceResult>> results = new ArrayList<>(batch.choices().size());
    // One ask of the article for the whole batch's address budgets, made only if some choice gets that far.
    List<ArticleEngagement.Chooser> choosers = batch.choices().stream()
        .map(c -> c == null ? new ArticleEngagement.Chooser(null, null) : new ArticleEngagement.Chooser(c.readerId(), c.ip())).toList();
    var budget = new CompletableFuture<ArticleEngagement.Admitted>();
    var budgetAsked = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.function.Supplier<CompletionStage<ArticleEngagement.Admitted>> spent = () -> {
      if (budgetAsked.compareAndSet(false, true)) {
        article(articleId).<ArticleEngagement.Admitted>askWithStatus(reply -> new ArticleEngagement.SpendChoices(choosers, clock.instant(), reply), timeout)
            .whenComplete((flags, failure) -> {
              if (failure != null) budget.completeExceptionally(failure);
              else budget.complete(flags);
            });
      }
      return budget;
    };
    for (int i = 0; i < batch.choices().size(); i++) {
      EngagementApi.Choice c = batch.choices().get(i);
      int at = i;
      java.util.function.Supplier<CompletionStage<Boolean>> counted = () -> spent.get().thenApply(admitted -> admitted.counted().get(at));
      CompletionStage<EngagementApi.ReaderChoices> one;
      try {
        if (c == null) throw ProblemException.badRequest("A choice is missing.");
        Optional<String> token = Optional.ofNullable(c.pageToken());
        CompletionStage<?> before = readersLast.getOrDefault(c.readerId(), CompletableFuture.completedFuture(null));
        Function<String, CompletionStage<Done>> admit = optionId -> before.handle((x, e) -> optionId).thenCompose(o ->
            asked.computeIfAbsent(String.valueOf(o), k -> admitted(articleId, o)));
        if (c.optionId() != null) {
          one = vote(articleId, new EngagementApi.Vote(c.readerId(), c.userAgent(), c.optionId(), c.ip()), token, admit, counted);
        } else {
          if (c.held() == null) throw ProblemException.badRequest("held (true or false) is required.");
          one = react(articleId, new EngagementApi.Reaction(c.readerId(), c.userAgent(), c.kind(), c.held(), c.ip()), token, admit, counted);
        }
        readersLast.put(c.readerId(), one);
      } catch (RuntimeException e) {
        one = CompletableFuture.failedFuture(e);
      }
      results.add(one.handle((mine, failure) -> failure == null ? new EngagementApi.ChoiceResult(mine, null, null)
          : new EngagementApi.ChoiceResult(null, Problems.fromFailure(failure), Problems.retryAfter(failure)
              .map(RateLimiter::seconds).orElse(null))).toCompletableFuture());
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(all -> new EngagementApi.ChoiceResults(results.stream().map(CompletableFuture::join).toList()));
  }

  /**
   * {@code counted}: whether the reader's address has budget left for it ({@link ArticleEngagement.SpendChoices});
   * over it, the tap is answered with the reader's choices as they are, and not applied.
   */
  private CompletionStage<EngagementApi.ReaderChoices> react(String articleId, EngagementApi.Reaction tap, Optional<String> pageToken,
      Function<String, CompletionStage<Done>> admit, java.util.function.Supplier<CompletionStage<Boolean>> counted) {
    requireReader(tap.readerId());
    if (tap.kind() == null || !reactionKinds.contains(tap.kind())) {
      throw new ProblemException(422, "Unknown reaction", "kind must be one of " + String.join(", ", reactionKinds) + ".");
    }
    limit(tapsPerReader, tapsPerIp, tap.readerId(), tap.ip());
    if (notFromThePage(articleId, tap.readerId(), tap.userAgent(), pageToken)) return choices(articleId, tap.readerId());
    return admit.apply(null).thenCompose(ok -> counted.get()).thenCompose(within -> !within ? choices(articleId, tap.readerId())
        : bucket(articleId, tap.readerId()).askWithStatus(reply -> new ReaderChoices.SetReaction(tap.readerId(), tap.kind(), tap.held(), reply), timeout));
  }

  private CompletionStage<EngagementApi.ReaderChoices> vote(String articleId, EngagementApi.Vote vote, Optional<String> pageToken,
      Function<String, CompletionStage<Done>> admit, java.util.function.Supplier<CompletionStage<Boolean>> counted) {
    requireReader(vote.readerId());
    if (vote.optionId() == null || vote.optionId().isBlank()) throw ProblemException.badRequest("optionId is required.");
    limit(votesPerReader, votesPerIp, vote.readerId(), vote.ip());
    if (notFromThePage(articleId, vote.readerId(), vote.userAgent(), pageToken)) return choices(articleId, vote.readerId());
    return admit.apply(vote.optionId()).thenCompose(ok -> counted.get()).thenCompose(within -> !within ? choices(articleId, vote.readerId())
        : bucket(articleId, vote.readerId()).askWithStatus(reply -> new ReaderChoices.Vote(vote.readerId(), vote.optionId(), reply), timeout));
  }

  /** For one tap or vote: asks the article whether its reader is admitted from its address. */
  private CompletionStage<Boolean> counted(String articleId, String readerId, String ip) {
    return article(articleId).<ArticleEngagement.Admitted>askWithStatus(
        reply -> new ArticleEngagement.SpendChoices(List.of(new ArticleEngagement.Chooser(readerId, ip)), clock.instant(), reply), timeout)
        .thenApply(admitted -> admitted.counted().get(0));
  }

  private CompletionStage<EngagementApi.ReaderChoices> choices(String articleId, String readerId) {
    return bucket(articleId, readerId).askWithStatus(reply -> new ReaderChoices.Get(readerId, reply), timeout);
  }

  /** For one tap or vote: asks the article for it alone. */
  private Function<String, CompletionStage<Done>> admission(String articleId) {
    return optionId -> admitted(articleId, optionId);
  }

  /** Completes if the article is published and, for a vote, the option is real and the poll still open. */
  private CompletionStage<Done> admitted(String articleId, String optionId) {
    return article(articleId).askWithStatus(reply -> new ArticleEngagement.Admit(optionId, clock.instant(), reply), timeout);
  }

  private static void limit(RateLimiter perReader, RateLimiter perIp, String readerId, String ip) {
    perReader.check(readerId);
    perIp.check(AddressKey.of(ip));
  }

  private EntityRef<ReaderChoices.Command> bucket(String articleId, String readerId) {
    if (articleId.length() > 80) throw ProblemException.notFound("There is no published article with that id.");
    return sharding.entityRefFor(ReaderChoices.ENTITY_KEY, ReaderChoices.entityId(articleId, readerId));
  }

  private CompletionStage<Counters> heartbeat(String articleId, EngagementApi.Heartbeat beat, Optional<String> pageToken) {
    requireReader(beat.readerId());
    if (notFromThePage(articleId, beat.readerId(), beat.userAgent(), pageToken)) return counters(articleId);
    return article(articleId).askWithStatus(reply -> new ArticleEngagement.Heartbeat(beat.readerId(), clock.instant(), reply), timeout);
  }

  private CompletionStage<Counters> record(String articleId, List<Hit> hits, List<String> addresses) {
    return article(articleId).askWithStatus(reply -> new ArticleEngagement.Record(hits, addresses, reply), timeout);
  }

  private CompletionStage<Counters> counters(String articleId) {
    return article(articleId).askWithStatus(reply -> new ArticleEngagement.Get(clock.instant(), reply), timeout);
  }

  private CompletionStage<EngagementApi.TopArticles> top(String window, String limit) {
    if (!TopArticles.WINDOWS.contains(window)) throw ProblemException.badRequest("window must be 24h or all.");
    if (!limit.matches("[1-9][0-9]?|100")) throw ProblemException.badRequest("limit must be 1 to 100.");
    return top.top(window, Integer.parseInt(limit));
  }

  /** A bot's hit: answered like a reader's, not counted. */
  private boolean notAReader(String userAgent) {
    Optional<String> reason = bots.dropReason(limited(userAgent));
    reason.ifPresent(this::drop);
    return reason.isPresent();
  }

  /**
   * A beacon that did not come from a page the gateway rendered for this reader: without a token it is a script's
   * (not counted, answered as usual); with a forged or stale one it is refused, so a real reader learns to reload.
   */
  private boolean notFromThePage(String articleId, String readerId, String userAgent, Optional<String> pageToken) {
    if (notAReader(userAgent)) return true;
    if (pageToken.isEmpty()) {
      drop("no-page-token");
      return true;
    }
    if (!identities.verifyPageToken(limited(pageToken.get()), articleId, readerId)) {
      throw new ProblemException(403, "Stale page", "This page is too old or not yours; reload it.");
    }
    return false;
  }

  private void drop(String reason) {
    dropped(metrics, reason).increment();
  }

  /** Hits answered as usual but not counted, by reason: a bot's, or over its address's budget. */
  public static Counter dropped(MeterRegistry metrics, String reason) {
    return Counter.builder("maproom_engagement_dropped_hits")
        .description("Hits answered but not counted, by reason")
        .tag("reason", reason).register(metrics);
  }

  private static String requireReader(String readerId) {
    if (readerId == null || !READER_ID.matcher(readerId).matches()) {
      throw ProblemException.badRequest("readerId must be 16 to 64 letters, digits, '-' or '_'.");
    }
    return readerId;
  }

  private static String limited(String header) {
    if (header != null && header.length() > MAX_HEADER) throw ProblemException.badRequest("A header value is too long.");
    return header;
  }

  private EntityRef<ArticleEngagement.Command> article(String articleId) {
    if (articleId.length() > 80) throw ProblemException.notFound("There is no published article with that id.");
    return sharding.entityRefFor(ArticleEngagement.ENTITY_KEY, articleId);
  }
}
