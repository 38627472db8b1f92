package org.maproom.gateway.api;

import static org.maproom.platform.http.ServiceClient.passOn;
import static org.maproom.platform.http.ServiceClient.segment;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.gateway.Services;
import org.maproom.gateway.live.LiveCounters;
import org.maproom.gateway.web.Visitors;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.IdentityToken;

/**
 * The public JSON API (docs/api/gateway.yaml): what readers' browsers, the writer's and moderators' tools and
 * operators' scripts call. Each call goes to the one service that owns it, with the caller's signed identity; the
 * services decide what that identity may do, and their problem answers pass through unchanged. A page's beacons
 * (taps, votes, shares, heartbeats) go to engagement-service with the reader's id from their cookie, their address
 * (for rate limits only) and the page's token from {@code X-Maproom-Page-Token}; taps and votes in batches per article.
 */
public final class ApiRoutes {
  /** What a page's script sends: a reaction taken ({@code held} true) or taken back. */
  public record Tap(String kind, Boolean held) {}

  public record Ballot(String optionId) {}

  public record ShareOn(String channel) {}

  public record Beat() {}

  /** Whether each service answers HTTP now, and how fast ({@code millis}: -1 when it did not answer). */
  public record Health(java.util.List<ServiceHealth> services) {}

  public record ServiceHealth(String name, boolean up, long millis) {}

  /** An article's JSON may be large (a long body); content-service enforces the real limits. */
  private static final long ARTICLE_BYTES = 1024 * 1024;
  private final Services s;
  private final Visitors callers;
  private final LiveCounters live;
  private final ChoiceBatcher choices;

  public ApiRoutes(Services services, Visitors visitors, LiveCounters live) {
    this.s = services;
    this.callers = visitors;
    this.live = live;
    this.choices = new ChoiceBatcher(services);
  }

  public Api register(Api api) {
    return api
        .post("/api/accounts", p -> Api.json(ModerationApi.SignUp.class, body ->
            Api.reply(StatusCodes.ACCEPTED, s.moderation().post("/accounts", body, Optional.empty(), ModerationApi.SignUpAccepted.class))))
        .post("/api/accounts/verify", p -> Api.json(ModerationApi.VerifyEmail.class, body ->
            Api.reply(s.moderation().post("/accounts/verify", body, Optional.empty(), ModerationApi.Account.class))))
        // The address is the request's, never what the body claims.
        .post("/api/sessions", p -> callers.reader(v -> Api.json(ModerationApi.SignIn.class, body -> Api.reply(StatusCodes.CREATED,
            s.moderation().post("/sessions", new ModerationApi.SignIn(body.email(), body.password(), v.ip()), Optional.empty(),
                ModerationApi.Session.class)))))
        .post("/api/articles", p -> callers.signedIn(who -> Api.json(ContentApi.ArticleInput.class, ARTICLE_BYTES, body ->
            Api.reply(StatusCodes.CREATED, s.content().post("/articles", body, Optional.of(who), ContentApi.Article.class)))))
        .put("/api/articles/{id}", p -> callers.signedIn(who -> Api.json(ContentApi.EditArticle.class, ARTICLE_BYTES, body ->
            Api.reply(s.content().put("/articles/" + segment(p.get("id")), body, Optional.of(who), ContentApi.Article.class)))))
        .get("/api/articles", p -> Api.query(q -> Api.reply(s.content().get("/articles" + passOn(q, "section", "tag", "cursor", "limit"),
            Optional.empty(), ContentApi.ArticleList.class))))
        .get("/api/articles/{id}", p -> callers.signedIn(who -> Api.reply(
            s.content().get("/articles/" + segment(p.get("id")), Optional.of(who), ContentApi.Article.class))))
        .get("/api/articles/{id}/revisions/compare", p -> callers.signedIn(who -> Api.query(q -> Api.reply(s.content().get(
            "/articles/" + segment(p.get("id")) + "/revisions/compare" + passOn(q, "from", "to"), Optional.of(who), ContentApi.RevisionDiff.class)))))
        .post("/api/articles/{id}/revisions/{number}/restore", p -> callers.signedIn(who -> Api.reply(s.content().post(
            "/articles/" + segment(p.get("id")) + "/revisions/" + segment(p.get("number")) + "/restore", "", Optional.of(who),
            ContentApi.Article.class))))
        .get("/api/drafts", p -> callers.signedIn(who -> Api.reply(s.content().get("/drafts", Optional.of(who), ContentApi.ArticleList.class))))
        .post("/api/preview", p -> callers.signedIn(who -> Api.json(ContentApi.Preview.class, ARTICLE_BYTES, body ->
            Api.reply(s.content().post("/preview", body, Optional.of(who), ContentApi.PreviewHtml.class)))))
        .get("/api/articles/{id}/revisions", p -> callers.signedIn(who -> Api.reply(
            s.content().get("/articles/" + segment(p.get("id")) + "/revisions", Optional.of(who), ContentApi.RevisionList.class))))
        .post("/api/articles/{id}/schedule", p -> callers.signedIn(who -> Api.json(ContentApi.Schedule.class, body -> Api.reply(
            s.content().post("/articles/" + segment(p.get("id")) + "/schedule", body, Optional.of(who), ContentApi.Article.class)))))
        .post("/api/articles/{id}/publish", p -> callers.signedIn(who -> Api.reply(
            s.content().post("/articles/" + segment(p.get("id")) + "/publish", "", Optional.of(who), ContentApi.Article.class))))
        .get("/api/articles/{id}/counters", p -> Api.reply(
            s.engagement().get("/articles/" + segment(p.get("id")) + "/counters", Optional.empty(), EngagementApi.Counters.class)))
        .get("/api/articles/{id}/comments", p -> Api.query(q -> Api.reply(s.moderation().get("/articles/" + segment(p.get("id"))
            + "/comments?order=" + ("newest".equals(q.get("order")) ? "newest" : "oldest"), Optional.empty(), ModerationApi.CommentList.class))))
        .get("/api/articles/{id}/history", p -> callers.withRole("author", who -> Api.reply(
            s.engagement().get("/articles/" + segment(p.get("id")) + "/history", Optional.empty(), EngagementApi.History.class))))
        .get("/api/articles/{id}/live", p -> callers.reader(v -> live.stream(p.get("id"), v.ip())))
        .get("/api/articles/{id}/choices", p -> callers.reader(v -> Api.reply(s.engagement().get(
            "/articles/" + segment(p.get("id")) + "/readers/" + segment(v.readerId()) + "/choices", Optional.empty(), EngagementApi.ReaderChoices.class))))
        .post("/api/articles/{id}/reactions", p -> choice(p.get("id"), Tap.class, (v, token, tap) -> {
          if (tap.held() == null) throw ProblemException.badRequest("held (true or false) is required.");
          return EngagementApi.Choice.reaction(v.readerId(), v.userAgent(), v.ip(), token, tap.kind(), tap.held());
        }))
        .post("/api/articles/{id}/votes", p -> choice(p.get("id"), Ballot.class, (v, token, ballot) -> {
          if (ballot.optionId() == null || ballot.optionId().isBlank()) throw ProblemException.badRequest("optionId is required.");
          return EngagementApi.Choice.vote(v.readerId(), v.userAgent(), v.ip(), token, ballot.optionId());
        }))
        .post("/api/articles/{id}/shares", p -> beacon(p.get("id"), "/shares", ShareOn.class,
            (v, share) -> new EngagementApi.Share(v.readerId(), v.userAgent(), share.channel(), v.ip()), EngagementApi.Counters.class))
        .post("/api/articles/{id}/heartbeats", p -> beacon(p.get("id"), "/heartbeats", Beat.class,
            (v, beat) -> new EngagementApi.Heartbeat(v.readerId(), v.userAgent()), EngagementApi.Counters.class))
        .post("/api/articles/{id}/comments", p -> callers.signedIn(who -> Api.json(ModerationApi.SubmitComment.class, body ->
            Api.reply(StatusCodes.CREATED, s.moderation().post(
                "/articles/" + segment(p.get("id")) + "/comments", body, Optional.of(who), ModerationApi.Comment.class)))))
        // The consent record takes the browser from the request itself, never from what the body claims.
        .post("/api/subscriptions", p -> callers.reader(v ->
            Api.json(NotifyApi.Subscribe.class, body -> Api.reply(StatusCodes.ACCEPTED, s.notifications().post("/subscriptions",
                new NotifyApi.Subscribe(body.phone(), body.region(), body.consent(), body.page(), v.ip(), v.userAgent()),
                Optional.empty(), NotifyApi.Subscribed.class)))))
        .get("/api/moderation/comments/pending", p -> callers.signedIn(who -> Api.reply(
            s.moderation().get("/comments?status=pending", Optional.of(who), ModerationApi.CommentList.class))))
        .get("/api/moderation/comments", p -> callers.signedIn(who -> Api.query(q -> Api.reply(s.moderation().get(
            "/comments?status=" + segment(q.getOrDefault("status", "pending")) + (q.containsKey("cursor") ? "&cursor=" + segment(q.get("cursor")) : ""),
            Optional.of(who), ModerationApi.CommentList.class)))))
        .get("/api/moderation/comments/{id}/context", p -> callers.signedIn(who -> Api.reply(
            s.moderation().get("/comments/" + segment(p.get("id")) + "/context", Optional.of(who), ModerationApi.CommentContext.class))))
        .post("/api/moderation/comments/{id}/approve", p -> callers.signedIn(who -> Api.reply(
            s.moderation().post("/comments/" + segment(p.get("id")) + "/approve", "", Optional.of(who), ModerationApi.Comment.class))))
        .post("/api/moderation/comments/{id}/reject", p -> callers.signedIn(who -> Api.json(ModerationApi.Reject.class, body -> Api.reply(
            s.moderation().post("/comments/" + segment(p.get("id")) + "/reject", body, Optional.of(who), ModerationApi.Comment.class)))))
        .post("/api/moderation/accounts/{id}/ban", p -> callers.signedIn(who -> Api.json(ModerationApi.Ban.class, body -> Api.reply(
            s.moderation().post("/accounts/" + segment(p.get("id")) + "/ban", body, Optional.of(who), ModerationApi.Standing.class)))))
        .get("/api/moderation/moderators/{id}/decisions", p -> callers.signedIn(who -> Api.reply(
            s.moderation().get("/moderators/" + segment(p.get("id")) + "/decisions", Optional.of(who), ModerationApi.DecisionList.class))))
        // The one-click link in a text (https://<site>/u/<token>) posts its token here.
        .post("/api/subscriptions/unsubscribe-link", p -> Api.json(NotifyApi.UnsubscribeLink.class, body -> Api.reply(StatusCodes.ACCEPTED,
            s.notifications().post("/subscriptions/unsubscribe-link", body, Optional.empty(), NotifyApi.Accepted.class))))
        .get("/api/admin/sms/program", p -> callers.signedIn(who -> Api.reply(
            s.notifications().get("/admin/sms/program", Optional.of(who), NotifyApi.Program.class))))
        .put("/api/admin/sms/program", p -> callers.signedIn(who -> Api.json(NotifyApi.ProgramUpdate.class, body -> Api.reply(
            s.notifications().put("/admin/sms/program", body, Optional.of(who), NotifyApi.Program.class)))))
        .post("/api/admin/sms/program/resume", p -> callers.signedIn(who -> Api.reply(
            s.notifications().post("/admin/sms/program/resume", "", Optional.of(who), NotifyApi.Program.class))))
        .get("/api/admin/campaigns", p -> callers.signedIn(who -> Api.reply(
            s.notifications().get("/admin/campaigns", Optional.of(who), NotifyApi.Campaigns.class))))
        .get("/api/admin/campaigns/{id}", p -> callers.signedIn(who -> Api.reply(
            s.notifications().get("/admin/campaigns/" + segment(p.get("id")), Optional.of(who), NotifyApi.CampaignProgress.class))))
        .post("/api/admin/campaigns/{id}/pause", p -> callers.signedIn(who -> Api.reply(campaignAction(p.get("id"), "pause", who))))
        .post("/api/admin/campaigns/{id}/resume", p -> callers.signedIn(who -> Api.reply(campaignAction(p.get("id"), "resume", who))))
        .post("/api/admin/campaigns/{id}/cancel", p -> callers.signedIn(who -> Api.reply(campaignAction(p.get("id"), "cancel", who))))
        .get("/api/admin/sms/stats", p -> callers.signedIn(who -> Api.reply(
            s.notifications().get("/subscriptions/stats", Optional.of(who), NotifyApi.Stats.class))))
        .get("/api/admin/sms/outbox", p -> callers.signedIn(who -> Api.reply(
            s.notifications().get("/outbox", Optional.of(who), NotifyApi.Outbox.class))))
        .get("/api/admin/health", p -> callers.withRole("admin", who -> Api.reply(health())))
        .get("/api/admin/email/outbox", p -> callers.signedIn(who -> Api.reply(
            s.moderation().get("/admin/email/outbox", Optional.of(who), ModerationApi.EmailOutbox.class))));
  }

  private java.util.concurrent.CompletionStage<Health> health() {
    var checks = java.util.stream.Stream.of(s.content(), s.engagement(), s.moderation(), s.notifications()).map(client -> {
      long start = System.nanoTime();
      // Any answer, even a 404 for "/", is a service that is up.
      return client.fetch("/").handle((response, failure) -> new ServiceHealth(client.name(), failure == null,
          failure == null ? (System.nanoTime() - start) / 1_000_000 : -1)).toCompletableFuture();
    }).toList();
    return java.util.concurrent.CompletableFuture.allOf(checks.toArray(java.util.concurrent.CompletableFuture[]::new))
        .thenApply(all -> new Health(checks.stream().map(java.util.concurrent.CompletableFuture::join).toList()));
  }

  /** A page's beacon: the browser's body made into engagement-service's, with the reader's id, address and page token. */
  private <B, T> org.apache.pekko.http.javadsl.server.Route beacon(String articleId, String what, Class<B> bodyType,
      java.util.function.BiFunction<Visitors.Visitor, B, Object> toService, Class<T> answer) {
    return callers.reader(v -> org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName(IdentityToken.PAGE_HEADER, token ->
        Api.json(bodyType, body -> Api.reply(s.engagement().post("/articles/" + segment(articleId) + what, toService.apply(v, body),
            Optional.empty(), token.map(t -> java.util.Map.of(IdentityToken.PAGE_HEADER, t)).orElse(java.util.Map.of()), answer)))));
  }

  /** What a tap's or a vote's body becomes for engagement-service, with the reader, their address and the page's token (null if none). */
  private interface ToChoice<B> {
    EngagementApi.Choice apply(Visitors.Visitor reader, String pageToken, B body);
  }

  /** A tap or a vote: like a beacon, but gathered with other readers' into one call per article ({@link ChoiceBatcher}). */
  private <B> org.apache.pekko.http.javadsl.server.Route choice(String articleId, Class<B> bodyType, ToChoice<B> toChoice) {
    return callers.reader(v -> org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName(IdentityToken.PAGE_HEADER, token ->
        Api.json(bodyType, body -> Api.reply(choices.choose(articleId, toChoice.apply(v, token.orElse(null), body))))));
  }

  private java.util.concurrent.CompletionStage<NotifyApi.CampaignProgress> campaignAction(String articleId, String action, String who) {
    return s.notifications().post("/admin/campaigns/" + segment(articleId) + "/" + action, "", Optional.of(who), NotifyApi.CampaignProgress.class);
  }
}
