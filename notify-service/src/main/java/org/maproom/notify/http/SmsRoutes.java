package org.maproom.notify.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.notify.dispatch.Sends;
import org.maproom.notify.domain.Campaign;
import org.maproom.notify.domain.PhoneNumbers;
import org.maproom.notify.domain.SmsProgram;
import org.maproom.notify.domain.SpendLimits;
import org.maproom.notify.domain.Subscriber;
import org.maproom.notify.domain.Texts;
import org.maproom.notify.readmodel.Subscribers;
import org.maproom.notify.readmodel.Suppressions;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.FormData;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.TwilioSignature;
import org.maproom.platform.identity.Identity;

/**
 * The SMS program over HTTP (docs/api/notify-service.yaml): for admins, the go-live switch and sending window, and
 * each campaign's progress with pause, resume and cancel; for the provider, the inbound-text and status-callback
 * webhooks, each refused unless signed with one of our providers' auth tokens.
 */
public final class SmsRoutes {
  private static final long MAX_WEBHOOK_BYTES = 16 * 1024;
  private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  private static final Set<String> HELP = Set.of("HELP", "INFO");
  private final ClusterSharding sharding;
  private final Sends sends;
  private final Suppressions suppressions;
  private final Subscribers subscribers;
  private final PiiCipher pii;
  private final Texts texts;
  private final List<String> authTokens;
  private final String webhookBaseUrl;
  private final double segmentsPerSecond;
  private final SpendLimits limits;
  private final Duration timeout;
  private final Clock clock;

  /**
   * {@code authTokens}: the providers' tokens that sign webhooks (none: every webhook is refused).
   * {@code webhookBaseUrl}: our public address as the provider calls it (blank: the address the request came to).
   */
  public SmsRoutes(ActorSystem<?> system, Sends sends, Subscribers subscribers, Suppressions suppressions, PiiCipher pii, Texts texts,
      List<String> authTokens, String webhookBaseUrl, double segmentsPerSecond, SpendLimits limits, Clock clock) {
    this.suppressions = suppressions;
    this.sharding = ClusterSharding.get(system);
    this.sends = sends;
    this.subscribers = subscribers;
    this.pii = pii;
    this.texts = texts;
    this.authTokens = authTokens.stream().filter(t -> !t.isBlank()).toList();
    this.webhookBaseUrl = webhookBaseUrl.replaceAll("/+$", "");
    this.segmentsPerSecond = segmentsPerSecond;
    this.limits = limits;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api api(Api api) {
    return api
        .get("/admin/sms/program", p -> api.requireRole(Identity.ADMIN, who -> Api.reply(program().thenCompose(this::view))))
        .put("/admin/sms/program", p -> api.requireRole(Identity.ADMIN, who -> Api.json(NotifyApi.ProgramUpdate.class, body ->
            Api.reply(update(body, who).thenCompose(this::view)))))
        .post("/admin/sms/program/resume", p -> api.requireRole(Identity.ADMIN, who -> Api.reply(
            sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID).<SmsProgram.Settings>askWithStatus(
                r -> new SmsProgram.ResumeSending(who.accountId(), clock.instant(), r), timeout).thenCompose(this::view))))
        .get("/admin/campaigns", p -> api.requireRole(Identity.ADMIN, who ->
            Api.reply(sends.progress(null, segmentsPerSecond).thenApply(NotifyApi.Campaigns::new))))
        .get("/admin/campaigns/{articleId}", p -> api.requireRole(Identity.ADMIN, who -> Api.reply(progress(p.get("articleId")))))
        .post("/admin/campaigns/{articleId}/pause", p -> api.requireRole(Identity.ADMIN, who ->
            Api.reply(campaign(p.get("articleId"), r -> new Campaign.Pause(who.accountId(), clock.instant(), r)))))
        .post("/admin/campaigns/{articleId}/resume", p -> api.requireRole(Identity.ADMIN, who ->
            Api.reply(campaign(p.get("articleId"), r -> new Campaign.Resume(who.accountId(), clock.instant(), r)))))
        .post("/admin/campaigns/{articleId}/cancel", p -> api.requireRole(Identity.ADMIN, who ->
            Api.reply(campaign(p.get("articleId"), r -> new Campaign.Cancel(who.accountId(), clock.instant(), r)))))
        .post("/sms/inbound", p -> signed(params -> Directives.onSuccess(inbound(params), SmsRoutes::twiml)))
        .post("/sms/status", p -> signed(params -> Directives.onSuccess(status(params),
            done -> Directives.complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)))));
  }

  // ---- the program ----

  private CompletionStage<SmsProgram.Settings> program() {
    return sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID).askWithStatus(SmsProgram.Get::new, timeout);
  }

  private CompletionStage<SmsProgram.Settings> update(NotifyApi.ProgramUpdate body, Identity who) {
    var program = sharding.entityRefFor(SmsProgram.ENTITY_KEY, SmsProgram.ID);
    CompletionStage<SmsProgram.Settings> step = program();
    if (body.live() != null) {
      step = step.thenCompose(s -> program.<SmsProgram.Settings>askWithStatus(
          r -> new SmsProgram.SetLive(body.live(), who.accountId(), clock.instant(), r), timeout));
    }
    if (body.windowStart() != null || body.windowEnd() != null) {
      step = step.thenCompose(s -> program.<SmsProgram.Settings>askWithStatus(r -> new SmsProgram.SetWindow(
              body.windowStart() == null ? s.windowStart() : body.windowStart(), body.windowEnd() == null ? s.windowEnd() : body.windowEnd(),
              who.accountId(), clock.instant(), r), timeout))
          .thenCompose(s -> sends.reconsiderDeferred().thenApply(n -> s));
    }
    return step;
  }

  private CompletionStage<NotifyApi.Program> view(SmsProgram.Settings s) {
    var failing = s.providerFailing() == null ? null
        : new NotifyApi.ProviderFailing(s.providerFailing().provider(), s.providerFailing().reason(), s.providerFailing().since());
    return subscribers.count().thenCompose(active -> subscribers.waiting().thenCompose(waiting -> sends.spent(clock.instant()).thenApply(spent ->
        new NotifyApi.Program(s.live(), s.windowStart(), s.windowEnd(), s.liveSince(), active, waiting, failing, new NotifyApi.Spend(
            spent.confirmationsToday(), limits.dailyConfirmationCap(), limits.confirmationsLeft(spent) == 0, spent.costThisMonth(),
            limits.monthlyBudget(), limits.currency(), limits.budgetReached(spent))))));
  }

  // ---- campaigns ----

  private CompletionStage<NotifyApi.CampaignProgress> progress(String articleId) {
    return sends.progress(articleId, segmentsPerSecond).thenApply(items -> items.stream().findFirst()
        .orElseThrow(() -> ProblemException.notFound("No campaign for that article.")));
  }

  private CompletionStage<NotifyApi.CampaignProgress> campaign(String articleId,
      Function<org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.pattern.StatusReply<Campaign.Summary>>, Campaign.Command> command) {
    return sharding.entityRefFor(Campaign.ENTITY_KEY, articleId).askWithStatus(command::apply, timeout)
        // The table follows the entity within a moment; the answer shows the entity's word on the status.
        .thenCompose(summary -> progress(articleId).thenApply(p -> withStatus(p, summary.status().name())));
  }

  private static NotifyApi.CampaignProgress withStatus(NotifyApi.CampaignProgress p, String status) {
    return new NotifyApi.CampaignProgress(p.articleId(), p.title(), status, p.total(), p.sent(), p.delivered(), p.failed(), p.deferred(),
        p.ambiguous(), p.skipped(), p.cancelled(), p.open(), p.segments(), p.textsPerSecond(), p.segmentsPerSecond(), p.etaSeconds(),
        p.startedAt(), p.finishedAt());
  }

  // ---- webhooks ----

  /** A form-encoded webhook whose X-Twilio-Signature one of our providers' tokens verifies; 403 otherwise. */
  private Route signed(Function<Map<String, String>, Route> inner) {
    return Directives.extractUri(uri -> Directives.optionalHeaderValueByName(TwilioSignature.HEADER, signature ->
        Directives.withSizeLimit(MAX_WEBHOOK_BYTES, () -> Directives.entity(Unmarshaller.entityToString(), body -> {
          Map<String, String> params = FormData.decode(body);
          String url = webhookBaseUrl.isEmpty() ? uri.toString() : webhookBaseUrl + uri.path() + uri.rawQueryString().map(q -> "?" + q).orElse("");
          boolean valid = authTokens.stream().anyMatch(token -> TwilioSignature.verify(token, url, params, signature.orElse(null)));
          if (!valid) throw new ProblemException(403, "Bad signature", "This webhook must be signed by the SMS provider.");
          return inner.apply(params);
        }))));
  }

  /** STOP and its synonyms leave the list, START rejoins, HELP gets the help text; anything else gets no reply. */
  private CompletionStage<String> inbound(Map<String, String> params) {
    String keyword = params.getOrDefault("Body", "").replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    if (HELP.contains(keyword)) return CompletableFuture.completedFuture(texts.help());
    boolean stop = STOP.contains(keyword);
    if (!stop && !keyword.equals("START")) return CompletableFuture.completedFuture(null);
    var parsed = PhoneNumbers.parse(params.get("From"), null);
    if (!(parsed instanceof PhoneNumbers.Valid from)) return CompletableFuture.completedFuture(null);
    var subscriber = sharding.entityRefFor(Subscriber.ENTITY_KEY, pii.lookupHash(from.e164()));
    if (stop) {
      return suppressions.unsubscribe(pii.lookupHash(from.e164()), Subscriber.Via.stop)
          .thenApply(s -> texts.programName() + ": you're unsubscribed and will get no more texts. Reply START to rejoin.");
    }
    return subscriber.<Boolean>askWithStatus(r -> new Subscriber.Restart(clock.instant(), r), timeout)
        .thenApply(rejoined -> rejoined ? texts.back() : texts.help());
  }

  private CompletionStage<Boolean> status(Map<String, String> params) {
    String sid = params.get("MessageSid");
    String status = params.get("MessageStatus");
    if (sid == null || status == null || sid.length() > 64) throw ProblemException.badRequest("MessageSid and MessageStatus are needed.");
    String code = params.getOrDefault("ErrorCode", "").strip();
    int error;
    try {
      error = code.isEmpty() ? 0 : Integer.parseInt(code);
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("ErrorCode must be a number.");
    }
    return sends.applyStatus(sid, status.toLowerCase(Locale.ROOT), error, false);
  }

  /** The reply as TwiML: one message, or none. */
  private static Route twiml(String reply) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
        + (reply == null ? "" : "<Message>" + escape(reply) + "</Message>") + "</Response>";
    return Directives.complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_XML_UTF8, xml)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
