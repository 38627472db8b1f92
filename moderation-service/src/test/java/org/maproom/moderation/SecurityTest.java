package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.OpenApiSpec;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

/**
 * Who may do what, over every endpoint and every kind of caller; that no reader acts on another's comment or
 * account; and that sign-up, sign-in and reset answer alike, in about the same time, for registered and unknown
 * addresses.
 */
class SecurityTest {
  static TestService service;
  static JsonHttp http;
  static final String ARTICLE = "the-map-is-not-the-territory";

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.of());
    http = service.http();
    TopicProbe.send(service.kafka(), Topics.CONTENT, ARTICLE, new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8));
    await().atMost(TestService.patience()).until(() -> http.post("/articles/" + ARTICLE + "/comments",
        new ModerationApi.SubmitComment(" "), Identities.header("someone", "reader")).status() == 422);
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  enum Access { PUBLIC, SIGNED_IN, MODERATOR, ADMIN }

  record Call(Access access, String method, String template, String path, Object body) {
    JsonHttp.Response as(Map<String, String> caller) {
      return switch (method) {
        case "GET" -> http.get(path, caller);
        case "POST" -> http.post(path, body == null ? "" : body, caller);
        case "PUT" -> http.put(path, body, caller);
        case "DELETE" -> http.delete(path, body, caller);
        default -> throw new IllegalArgumentException(method);
      };
    }
  }

  /**
   * One call per endpoint, on things that do not exist where it matters, so that an allowed caller gets an answer
   * about the thing (200, 404, 422...) and changes nothing.
   */
  private static List<Call> everyEndpoint() {
    String nobody = "no-such-account";
    String none = "no-such-comment";
    return List.of(
        new Call(Access.PUBLIC, "POST", "/accounts", "/accounts", new ModerationApi.SignUp("x", "x", "x")),
        new Call(Access.PUBLIC, "POST", "/accounts/verify", "/accounts/verify", new ModerationApi.VerifyEmail("nope")),
        new Call(Access.PUBLIC, "POST", "/accounts/password-reset", "/accounts/password-reset", new ModerationApi.RequestPasswordReset("x", null)),
        new Call(Access.PUBLIC, "POST", "/accounts/password-reset/complete", "/accounts/password-reset/complete",
            new ModerationApi.ResetPassword("nope", "a long password")),
        new Call(Access.PUBLIC, "POST", "/accounts/email-preferences/unsubscribe", "/accounts/email-preferences/unsubscribe",
            new ModerationApi.Unsubscribe("nope")),
        new Call(Access.PUBLIC, "POST", "/sessions", "/sessions", new ModerationApi.SignIn("x@example.org", "wrong")),
        new Call(Access.PUBLIC, "POST", "/sessions/resolve", "/sessions/resolve", new ModerationApi.ResolveSession("nope")),
        new Call(Access.PUBLIC, "POST", "/sessions/end", "/sessions/end", new ModerationApi.EndSession("nope")),
        new Call(Access.PUBLIC, "GET", "/articles/{id}/comments", "/articles/" + ARTICLE + "/comments", null),
        new Call(Access.PUBLIC, "GET", "/articles/{id}/thread", "/articles/" + ARTICLE + "/thread", null),
        new Call(Access.PUBLIC, "GET", "/profiles/{id}", "/profiles/" + nobody, null),
        new Call(Access.SIGNED_IN, "GET", "/accounts/me", "/accounts/me", null),
        new Call(Access.SIGNED_IN, "PUT", "/accounts/me/profile", "/accounts/me/profile", new ModerationApi.UpdateProfile(null, "bio", null)),
        new Call(Access.SIGNED_IN, "GET", "/accounts/me/data", "/accounts/me/data", null),
        new Call(Access.SIGNED_IN, "DELETE", "/accounts/me", "/accounts/me", new ModerationApi.DeleteAccount("wrong", "keep")),
        new Call(Access.SIGNED_IN, "POST", "/accounts/me/sessions/end", "/accounts/me/sessions/end", null),
        new Call(Access.SIGNED_IN, "POST", "/accounts/me/password", "/accounts/me/password",
            new ModerationApi.ChangePassword("wrong", "a long password")),
        new Call(Access.SIGNED_IN, "POST", "/articles/{id}/comments", "/articles/no-such-article/comments", new ModerationApi.SubmitComment("Hi")),
        new Call(Access.SIGNED_IN, "PUT", "/comments/{id}", "/comments/" + none, new ModerationApi.EditComment("Hi")),
        new Call(Access.SIGNED_IN, "POST", "/comments/{id}/reports", "/comments/" + none + "/reports", new ModerationApi.ReportComment("spam")),
        new Call(Access.MODERATOR, "GET", "/comments", "/comments?status=pending", null),
        new Call(Access.MODERATOR, "GET", "/comments/{id}/context", "/comments/" + none + "/context", null),
        new Call(Access.MODERATOR, "POST", "/comments/{id}/approve", "/comments/" + none + "/approve", null),
        new Call(Access.MODERATOR, "POST", "/comments/{id}/reject", "/comments/" + none + "/reject", new ModerationApi.Reject("spam", null)),
        new Call(Access.MODERATOR, "POST", "/comments/{id}/remove", "/comments/" + none + "/remove", new ModerationApi.Remove("spam")),
        new Call(Access.MODERATOR, "POST", "/comments/{id}/restore", "/comments/" + none + "/restore", null),
        new Call(Access.MODERATOR, "POST", "/comments/bulk", "/comments/bulk", new ModerationApi.Bulk("approve", List.of(none), null, null)),
        new Call(Access.MODERATOR, "GET", "/moderators/{id}/decisions", "/moderators/" + nobody + "/decisions", null),
        new Call(Access.MODERATOR, "PUT", "/articles/{id}/thread", "/articles/no-such-article/thread",
            new ModerationApi.ThreadPolicy(false, "everyone", null)),
        new Call(Access.MODERATOR, "POST", "/accounts/{id}/ban", "/accounts/" + nobody + "/ban", new ModerationApi.Ban("abuse", null)),
        new Call(Access.MODERATOR, "POST", "/accounts/{id}/unban", "/accounts/" + nobody + "/unban", null),
        new Call(Access.ADMIN, "GET", "/admin/email/outbox", "/admin/email/outbox", null),
        new Call(Access.ADMIN, "PUT", "/admin/accounts/{id}/roles", "/admin/accounts/" + nobody + "/roles",
            new ModerationApi.SetRoles(Set.of("moderator"))));
  }

  @Test
  void theMatrixCoversEveryEndpoint() {
    var covered = new TreeSet<String>();
    for (Call call : everyEndpoint()) covered.add(call.method() + " " + call.template());
    assertThat(covered).isEqualTo(new TreeSet<>(OpenApiSpec.load("moderation-service.yaml").operations()));
  }

  @Test
  void everyEndpointAnswersEachKindOfCallerExactlyAsItsRoleAllows() {
    Map<String, Supplier<Map<String, String>>> callers = new java.util.LinkedHashMap<>();
    callers.put("no identity", Map::of);
    callers.put("a reader", () -> Identities.header("matrix-reader", "reader"));
    callers.put("an author", () -> Identities.header("matrix-author", "reader", "author"));
    callers.put("a moderator", () -> Identities.header("matrix-moderator", "reader", "moderator"));
    callers.put("an admin", () -> Identities.header("matrix-admin", "admin"));
    callers.put("an expired admin identity", () -> Identities.expired("matrix-admin", "admin"));
    callers.put("a forged admin identity", () -> Identities.forged("matrix-admin", "admin"));
    List<String> wrong = new ArrayList<>();
    for (Call call : everyEndpoint()) {
      for (var caller : callers.entrySet()) {
        int status = call.as(caller.getValue().get()).status();
        int expected = expected(call.access(), caller.getKey());
        boolean ok = call.access() == Access.PUBLIC
            ? status == call.as(Map.of()).status() && status < 500 // the caller's identity changes nothing
            : expected == 0 ? status != 401 && status != 403 && status < 500 : status == expected;
        if (!ok) wrong.add(call.method() + " " + call.path() + " as " + caller.getKey() + ": " + status + ", expected "
            + (expected == 0 ? "an answer about the thing" : expected));
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** 0: allowed (the answer is about the thing asked for; for a public endpoint, the same as anyone's). */
  private static int expected(Access access, String caller) {
    if (access == Access.PUBLIC) return 0;
    if (caller.equals("no identity") || caller.startsWith("an expired") || caller.startsWith("a forged")) return 401;
    return switch (access) {
      case SIGNED_IN -> 0;
      case MODERATOR -> caller.equals("a moderator") || caller.equals("an admin") ? 0 : 403;
      case ADMIN -> caller.equals("an admin") ? 0 : 403;
      case PUBLIC -> 0;
    };
  }

  private static ModerationApi.Session signUp(String email, String name) {
    assertThat(http.post("/accounts", new ModerationApi.SignUp(email, name, "a long password")).status()).isEqualTo(202);
    return http.post("/sessions", new ModerationApi.SignIn(email, "a long password")).as(ModerationApi.Session.class);
  }

  /**
   * CSRF needs a credential the browser adds by itself. moderation-service takes none: only the gateway's signed
   * identity header, which a cross-site form cannot set. A live session token sent as a cookie (or any cookie)
   * opens nothing; the gateway's own cookie sessions carry CSRF tokens (its tests).
   */
  @Test
  void cookiesCarryNoAuthoritySoCrossSiteRequestsHaveNothingToRide() {
    var session = signUp("cookie@example.org", "Cookie Monster");
    for (String cookie : new String[] {"session=" + session.token(), "mr_session=" + session.token(), "token=" + session.token()}) {
      var headers = Map.of("Cookie", cookie);
      assertThat(http.get("/accounts/me", headers).status()).as(cookie).isEqualTo(401);
      assertThat(http.post("/accounts/me/sessions/end", "", headers).status()).as(cookie).isEqualTo(401);
      assertThat(http.delete("/accounts/me", new ModerationApi.DeleteAccount("a long password", "remove"), headers).status()).isEqualTo(401);
    }
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(session.token())).status()).as("still signed in").isEqualTo(200);
  }

  @Test
  void endedAndExpiredSessionsResolveToNobody() throws Exception {
    var first = signUp("ended@example.org", "Ended Session");
    var second = http.post("/sessions", new ModerationApi.SignIn("ended@example.org", "a long password")).as(ModerationApi.Session.class);
    assertThat(second.token()).as("a new token at every sign-in").isNotEqualTo(first.token());
    assertThat(http.post("/sessions/end", new ModerationApi.EndSession(first.token())).status()).isEqualTo(200);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(first.token())).status()).isEqualTo(401);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(second.token())).status()).isEqualTo(200);
    try (var c = service.database().connect(); var s = c.prepareStatement(
        "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE account_id = ?")) {
      s.setString(1, second.account().id());
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(second.token())).status()).isEqualTo(401);
  }

  @Test
  void noReaderActsOnAnotherReadersCommentOrAccount() {
    var ann = Identities.named("owner-ann", "Ann", "reader");
    var bob = Identities.named("other-bob", "Bob", "reader", "author");
    var posted = http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Ann's words."), ann);
    assertThat(posted.status()).isEqualTo(201);
    String id = posted.as(ModerationApi.Comment.class).id();
    assertThat(http.put("/comments/" + id, new ModerationApi.EditComment("Bob's words now."), bob).status()).isEqualTo(403);
    assertThat(http.post("/comments/" + id + "/approve", "", bob).status()).isEqualTo(403);
    assertThat(http.post("/comments/" + id + "/reject", new ModerationApi.Reject("spam", null), bob).status()).isEqualTo(403);
    assertThat(http.post("/accounts/owner-ann/ban", new ModerationApi.Ban("abuse", null), bob).status()).isEqualTo(403);
    assertThat(http.put("/admin/accounts/owner-ann/roles", new ModerationApi.SetRoles(Set.of("reader")), bob).status()).isEqualTo(403);
    assertThat(http.post("/comments/" + id + "/reports", new ModerationApi.ReportComment("spam"), ann).status())
        .as("nor on one's own, by reporting it").isEqualTo(409);
    var moderator = Identities.header("matrix-moderator", "moderator");
    await().atMost(TestService.patience()).until(() -> http.get("/comments/" + id + "/context", moderator).status() == 200);
    var after = http.get("/comments/" + id + "/context", moderator).as(ModerationApi.CommentContext.class);
    assertThat(after.comment().body()).isEqualTo("Ann's words.");
    assertThat(after.comment().status()).isEqualTo("pending");
    assertThat(after.decisions()).isEmpty();
  }

  /** Medians (ns) of the two calls timed in turns, so that warm-up and background work weigh on both alike. */
  private record Timing(long registered, long unknown) {
    boolean similar() {
      return Math.abs(registered - unknown) <= 0.5 * Math.max(registered, unknown) + 2_000_000; // half, or 2 ms when tiny
    }

    @Override
    public String toString() {
      return String.format("%.1f / %.1f ms", registered / 1e6, unknown / 1e6);
    }
  }

  private static Timing time(int n, java.util.function.IntFunction<JsonHttp.Response> registered,
      java.util.function.IntFunction<JsonHttp.Response> unknown, int expectedStatus) {
    long[][] times = new long[2][n];
    var bodies = new TreeSet<String>();
    for (int i = 0; i < n; i++) {
      for (int side = 0; side < 2; side++) {
        long start = System.nanoTime();
        var response = (side == 0 ? registered : unknown).apply(i);
        times[side][i] = System.nanoTime() - start;
        assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
        bodies.add(response.body());
      }
    }
    assertThat(bodies).as("one and the same answer").hasSize(1);
    java.util.Arrays.sort(times[0]);
    java.util.Arrays.sort(times[1]);
    return new Timing(times[0][n / 2], times[1][n / 2]);
  }

  /**
   * Registered and unknown addresses get the same status and body, and the medians of their timings are close:
   * sign-up and sign-in do one Argon2id hash either way; a reset is answered before the address is looked up.
   * Separate accounts per attempt keep clear of the per-account attempt limit.
   */
  @Test
  void signUpSignInAndResetAnswerAlikeAndInSimilarTimeForRegisteredAndUnknownAddresses() {
    int n = 9;
    for (int i = 0; i < n; i++) signUp("known" + i + "@example.org", "Known Reader " + i);
    http.post("/sessions", new ModerationApi.SignIn("known0@example.org", "warm up the hasher"));

    var signUp = time(n,
        i -> http.post("/accounts", new ModerationApi.SignUp("known" + i + "@example.org", "Fresh Name K" + i, "a long password")),
        i -> http.post("/accounts", new ModerationApi.SignUp("fresh" + i + "@example.org", "Fresh Name U" + i, "a long password")), 202);
    var signIn = time(n,
        i -> http.post("/sessions", new ModerationApi.SignIn("known" + i + "@example.org", "the wrong one")),
        i -> http.post("/sessions", new ModerationApi.SignIn("nobody" + i + "@example.org", "the wrong one")), 401);
    var reset = time(n,
        i -> http.post("/accounts/password-reset", new ModerationApi.RequestPasswordReset("known" + i + "@example.org", null)),
        i -> http.post("/accounts/password-reset", new ModerationApi.RequestPasswordReset("nobody" + i + "@example.org", null)), 202);
    System.out.printf("median, registered / unknown address: sign-up %s, sign-in %s, reset %s%n", signUp, signIn, reset);
    assertThat(signUp.similar()).as("sign-up " + signUp).isTrue();
    assertThat(signIn.similar()).as("sign-in " + signIn).isTrue();
    assertThat(reset.similar()).as("reset " + reset).isTrue();
  }
}
