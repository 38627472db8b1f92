package org.maproom.gateway.api;

import static org.maproom.platform.http.ServiceClient.segment;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.gateway.Services;
import org.maproom.gateway.web.Callers;
import org.maproom.platform.http.Api;

/**
 * The public JSON API (docs/api/gateway.yaml): what readers' browsers, the writer's and moderators' tools and
 * operators' scripts call. Each call goes to the one service that owns it, with the caller's signed identity; the
 * services decide what that identity may do, and their problem answers pass through unchanged.
 */
public final class ApiRoutes {
  /** An article's JSON may be large (a long body); content-service enforces the real limits. */
  private static final long ARTICLE_BYTES = 1024 * 1024;
  private final Services s;
  private final Callers callers;

  public ApiRoutes(Services services, Callers callers) {
    this.s = services;
    this.callers = callers;
  }

  public Api register(Api api) {
    return api
        .post("/api/accounts", p -> Api.json(ModerationApi.SignUp.class, body ->
            Api.reply(StatusCodes.ACCEPTED, s.moderation().post("/accounts", body, Optional.empty(), ModerationApi.SignUpAccepted.class))))
        .post("/api/accounts/verify", p -> Api.json(ModerationApi.VerifyEmail.class, body ->
            Api.reply(s.moderation().post("/accounts/verify", body, Optional.empty(), ModerationApi.Account.class))))
        .post("/api/sessions", p -> Api.json(ModerationApi.SignIn.class, body ->
            Api.reply(StatusCodes.CREATED, s.moderation().post("/sessions", body, Optional.empty(), ModerationApi.Session.class))))
        .post("/api/articles", p -> callers.signedIn(who -> Api.json(ContentApi.ArticleInput.class, ARTICLE_BYTES, body ->
            Api.reply(StatusCodes.CREATED, s.content().post("/articles", body, Optional.of(who), ContentApi.Article.class)))))
        .post("/api/articles/{id}/publish", p -> callers.signedIn(who -> Api.reply(
            s.content().post("/articles/" + segment(p.get("id")) + "/publish", "", Optional.of(who), ContentApi.Article.class))))
        .get("/api/articles/{id}/counters", p -> Api.reply(
            s.engagement().get("/articles/" + segment(p.get("id")) + "/counters", Optional.empty(), EngagementApi.Counters.class)))
        .get("/api/articles/{id}/comments", p -> Api.reply(
            s.moderation().get("/articles/" + segment(p.get("id")) + "/comments", Optional.empty(), ModerationApi.CommentList.class)))
        .post("/api/articles/{id}/comments", p -> callers.signedIn(who -> Api.json(ModerationApi.SubmitComment.class, body ->
            Api.reply(StatusCodes.CREATED, s.moderation().post(
                "/articles/" + segment(p.get("id")) + "/comments", body, Optional.of(who), ModerationApi.Comment.class)))))
        // The consent record takes the browser from the request itself, never from what the body claims.
        .post("/api/subscriptions", p -> org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName("User-Agent", ua ->
            Api.json(NotifyApi.Subscribe.class, body -> Api.reply(StatusCodes.ACCEPTED, s.notifications().post("/subscriptions",
                new NotifyApi.Subscribe(body.phone(), body.region(), body.consent(), body.page(), null, ua.orElse(null)),
                Optional.empty(), NotifyApi.Subscribed.class)))))
        .get("/api/moderation/comments/pending", p -> callers.signedIn(who -> Api.reply(
            s.moderation().get("/comments?status=pending", Optional.of(who), ModerationApi.CommentList.class))))
        .post("/api/moderation/comments/{id}/approve", p -> callers.signedIn(who -> Api.reply(
            s.moderation().post("/comments/" + segment(p.get("id")) + "/approve", "", Optional.of(who), ModerationApi.Comment.class))))
        // The one-click link in a text (https://<site>/u/<token>) posts its token here.
        .post("/api/subscriptions/unsubscribe-link", p -> Api.json(NotifyApi.UnsubscribeLink.class, body -> Api.reply(StatusCodes.ACCEPTED,
            s.notifications().post("/subscriptions/unsubscribe-link", body, Optional.empty(), NotifyApi.Accepted.class))))
        .get("/api/admin/sms/program", p -> callers.signedIn(who -> Api.reply(
            s.notifications().get("/admin/sms/program", Optional.of(who), NotifyApi.Program.class))))
        .put("/api/admin/sms/program", p -> callers.signedIn(who -> Api.json(NotifyApi.ProgramUpdate.class, body -> Api.reply(
            s.notifications().put("/admin/sms/program", body, Optional.of(who), NotifyApi.Program.class)))))
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
        .get("/api/admin/email/outbox", p -> callers.signedIn(who -> Api.reply(
            s.moderation().get("/admin/email/outbox", Optional.of(who), ModerationApi.EmailOutbox.class))));
  }

  private java.util.concurrent.CompletionStage<NotifyApi.CampaignProgress> campaignAction(String articleId, String action, String who) {
    return s.notifications().post("/admin/campaigns/" + segment(articleId) + "/" + action, "", Optional.of(who), NotifyApi.CampaignProgress.class);
  }
}
