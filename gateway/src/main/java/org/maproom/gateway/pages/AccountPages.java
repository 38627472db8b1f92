package org.maproom.gateway.pages;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.http.Problem;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.gateway.Services;
import org.maproom.gateway.web.Visitors;
import org.maproom.gateway.web.Visitors.Visitor;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.Problems;

/**
 * Signing up, in and out, confirming the email address, resetting the password, and the account page (profile,
 * download my data, delete my account): plain forms over moderation-service, the identity provider. The links in its
 * emails lead here ({@code /verify-email}, {@code /reset-password}, {@code /email-preferences}); each shows a button
 * first, so a mail scanner that follows links changes nothing.
 */
public final class AccountPages {
  private final Services services;
  private final Pages pages;
  private final Visitors visitors;

  public AccountPages(Services services, Pages pages, Visitors visitors) {
    this.services = services;
    this.pages = pages;
    this.visitors = visitors;
  }

  public Api register(Api api) {
    return api
        .get("/sign-in", p -> pages.visitor(v -> Directives.parameterOptional("next", next -> v.signedIn().isPresent()
            ? Pages.seeOther(next.orElse("/account"))
            : form(v, 200, "Sign in", new AccountForm("sign-in", null, null, Pages.local(next.orElse("/")), "", "", "")))))
        .post("/sign-in", p -> pages.visitor(v -> pages.form(v, f -> signIn(v, f))))
        .get("/sign-up", p -> pages.visitor(v -> form(v, 200, "Create an account", AccountForm.of("sign-up"))))
        .post("/sign-up", p -> pages.visitor(v -> pages.form(v, f -> signUp(v, f))))
        .post("/sign-out", p -> pages.visitor(v -> pages.form(v, f -> signOut(v))))
        .get("/verify-email", p -> pages.visitor(v -> Directives.parameterOptional("token", token ->
            message(v, "Confirm your address", "One click and your address is confirmed, so you can comment.",
                "/verify-email", token.orElse(""), "Confirm my address"))))
        .post("/verify-email", p -> pages.visitor(v -> pages.form(v, f -> done(v,
            services.moderation().post("/accounts/verify", new ModerationApi.VerifyEmail(f.get("token")), Optional.empty(), ModerationApi.Account.class),
            "Address confirmed", "Your address is confirmed: you can comment now."))))
        .get("/reset-password", p -> pages.visitor(v -> Directives.parameterOptional("token", token -> token.isPresent()
            ? form(v, 200, "Choose a new password", new AccountForm("reset", null, null, "/", "", "", token.get()))
            : form(v, 200, "Reset your password", AccountForm.of("reset-request")))))
        .post("/reset-password", p -> pages.visitor(v -> pages.form(v, f -> done(v,
            services.moderation().post("/accounts/password-reset", new ModerationApi.RequestPasswordReset(f.get("email"), v.ip()),
                Optional.empty(), Object.class),
            "Check your email", "If that address has an account, a link to choose a new password is on its way."))))
        .post("/reset-password/complete", p -> pages.visitor(v -> pages.form(v, f -> done(v,
            services.moderation().post("/accounts/password-reset/complete", new ModerationApi.ResetPassword(f.get("token"), f.get("password")),
                Optional.empty(), Object.class),
            "Password changed", "Your password is changed and every session has ended. Sign in with the new one."))))
        .get("/email-preferences", p -> pages.visitor(v -> Directives.parameterOptional("token", token ->
            message(v, "Stop these emails", "One click and you get no more emails about moderators' decisions.",
                "/email-preferences", token.orElse(""), "Stop the emails"))))
        .post("/email-preferences", p -> pages.visitor(v -> pages.form(v, f -> done(v,
            services.moderation().post("/accounts/email-preferences/unsubscribe", new ModerationApi.Unsubscribe(f.get("token")),
                Optional.empty(), Object.class),
            "Emails stopped", "You will get no more emails about moderators' decisions. You can turn them on again on your account page."))))
        .get("/account", p -> pages.visitor(v -> signedIn(v, "/account", identity -> Directives.parameterOptional("notice", notice ->
            pages.render(v, services.moderation().get("/accounts/me", identity, ModerationApi.MyAccount.class).thenApply(account ->
                Pages.renderToString("account.jte", Map.of("frame", pages.frame("Your account", v), "account", account,
                    "notice", notice.orElse("")))))))))
        .post("/account/profile", p -> pages.visitor(v -> pages.form(v, f -> signedIn(v, "/account", identity -> saveProfile(identity, f)))))
        .get("/account/data", p -> pages.visitor(v -> signedIn(v, "/account", identity -> Directives.onComplete(
            services.moderation().get("/accounts/me/data", identity, ModerationApi.DataExport.class), data -> data.isFailure()
                ? pages.error(v, data.failed().get())
                : Directives.complete(HttpResponse.create()
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, EventJson.write(data.get())))
                    .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"my-data.json\""))
                    .addHeader(RawHeader.create("Cache-Control", "no-store")))))))
        .post("/account/delete", p -> pages.visitor(v -> pages.form(v, f -> signedIn(v, "/account", identity -> deleteAccount(v, identity, f)))));
  }

  private Route signedIn(Visitor v, String here, java.util.function.Function<Optional<String>, Route> inner) {
    if (v.identity().isEmpty()) return Pages.seeOther("/sign-in?next=" + org.maproom.platform.http.ServiceClient.segment(here));
    return inner.apply(v.identity());
  }

  private Route form(Visitor v, int status, String title, AccountForm form) {
    return pages.render(status, "account-form.jte", Map.of("frame", pages.frame(title, v), "form", form));
  }

  private Route message(Visitor v, String title, String message, String action, String token, String button) {
    return pages.render(200, "confirm.jte", Map.of("frame", pages.frame(title, v), "message", message, "action", action,
        "token", token, "button", button));
  }

  /** The message page when {@code call} succeeds; a refused one says why (its problem's detail), on the same page. */
  private Route done(Visitor v, CompletionStage<?> call, String title, String message) {
    return Directives.onComplete(call, result -> {
      if (result.isSuccess()) return pages.render(200, "message.jte", Map.of("frame", pages.frame(title, v), "message", message));
      Problem problem = Problems.fromFailure(result.failed().get());
      if (problem.status() >= 500) return pages.error(v, result.failed().get());
      return pages.render(problem.status(), "message.jte", Map.of("frame", pages.frame("That did not work", v), "message", problem.detail()));
    });
  }

  private Route signIn(Visitor v, Map<String, String> f) {
    String next = Pages.local(f.get("next"));
    var session = services.moderation().post("/sessions", new ModerationApi.SignIn(f.get("email"), f.get("password"), v.ip()),
        Optional.empty(), ModerationApi.Session.class);
    return Directives.onComplete(session, result -> {
      if (result.isSuccess()) return Directives.respondWithHeader(visitors.startSession(result.get()), () -> Pages.seeOther(next));
      Problem problem = Problems.fromFailure(result.failed().get());
      if (problem.status() >= 500) return pages.error(v, result.failed().get());
      String error = problem.status() == 429 ? "Too many attempts; wait a few minutes and try again."
          : problem.status() == 401 ? "That email and password do not match an account." : problem.detail();
      return form(v, problem.status(), "Sign in", new AccountForm("sign-in", error, null, next, clip(f.get("email")), "", ""));
    });
  }

  private Route signUp(Visitor v, Map<String, String> f) {
    var accepted = services.moderation().post("/accounts", new ModerationApi.SignUp(f.get("email"), f.get("displayName"), f.get("password")),
        Optional.empty(), ModerationApi.SignUpAccepted.class);
    return Directives.onComplete(accepted, result -> {
      if (result.isSuccess()) {
        return pages.render(200, "message.jte", Map.of("frame", pages.frame("Check your email", v), "message",
            "We sent a link to that address. Follow it to confirm the address, then sign in and comment."));
      }
      Problem problem = Problems.fromFailure(result.failed().get());
      if (problem.status() >= 500) return pages.error(v, result.failed().get());
      return form(v, problem.status(), "Create an account",
          new AccountForm("sign-up", problem.detail(), null, "/", clip(f.get("email")), clip(f.get("displayName")), ""));
    });
  }

  private Route signOut(Visitor v) {
    var ended = v.signedIn().map(s -> services.moderation().post("/sessions/end", new ModerationApi.EndSession(s.sessionToken()),
        Optional.empty(), ModerationApi.SessionsEnded.class).handle((r, failure) -> r));
    return Directives.onComplete(ended.orElse(java.util.concurrent.CompletableFuture.completedFuture(null)), any ->
        Directives.respondWithHeader(visitors.endSession(), () -> Pages.seeOther("/")));
  }

  private Route saveProfile(Optional<String> identity, Map<String, String> f) {
    var update = new ModerationApi.UpdateProfile(f.get("displayName"), f.getOrDefault("bio", ""), "yes".equals(f.get("notifyOnDecision")));
    var saved = services.moderation().put("/accounts/me/profile", update, identity, ModerationApi.MyAccount.class);
    return Directives.onComplete(saved, result -> Pages.seeOther("/account?notice=" + (result.isSuccess() ? "saved" : "invalid")));
  }

  private Route deleteAccount(Visitor v, Optional<String> identity, Map<String, String> f) {
    var deleted = services.moderation().delete("/accounts/me",
        new ModerationApi.DeleteAccount(f.get("password"), "remove".equals(f.get("comments")) ? "remove" : "keep"),
        identity, ModerationApi.SessionsEnded.class);
    return Directives.onComplete(deleted, result -> {
      if (result.isSuccess()) {
        return Directives.respondWithHeader(visitors.endSession(), () -> pages.render(200, "message.jte",
            Map.of("frame", pages.frame("Account deleted", v), "message", "Your account is deleted and you are signed out. Thank you for reading.")));
      }
      Problem problem = Problems.fromFailure(result.failed().get());
      if (problem.status() >= 500) return pages.error(v, result.failed().get());
      return Pages.seeOther("/account?notice=password");
    });
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 254 ? s.substring(0, 254) : s;
  }
}
