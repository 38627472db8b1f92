package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Samples;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.Identities;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.OpenApiSpec;
import org.maproom.testkit.TestService;
import org.maproom.testkit.TopicProbe;

class ModerationServiceIntegrationTest {
  static EmbeddedKafka kafka;
  static TestService service;
  static JsonHttp http;
  static final String ARTICLE = "the-map-is-not-the-territory";

  @BeforeAll
  static void start() {
    service = TestService.startWithBroker(Main.NAME, Main::init, Map.of(
        "moderation.first-admin.email", "admin@example.org", "moderation.first-admin.password", "correct horse battery"));
    kafka = service.kafka();
    http = service.http();
    TopicProbe.send(kafka, Topics.CONTENT, ARTICLE, new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8));
    // The article is known once an empty comment on it is refused for being empty rather than for the article.
    await().atMost(TestService.patience()).until(() -> http.post("/articles/" + ARTICLE + "/comments",
        new ModerationApi.SubmitComment(" "), Identities.header("someone", "reader")).status() == 422);
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  @Test
  void aReaderSignsUpAndCommentsAndTheCommentStaysHiddenUntilAModeratorApprovesIt() throws Exception {
    var account = http.post("/accounts", new ModerationApi.SignUp("Rea@Example.org", "Rea Der", "a long password"));
    assertThat(account.status()).isEqualTo(202);
    assertThat(account.body()).doesNotContain("example.org");
    var session = http.post("/sessions", new ModerationApi.SignIn("rea@example.org ", "a long password")).as(ModerationApi.Session.class);
    assertThat(session.account().emailVerified()).isFalse();
    assertThat(session.token()).hasSizeGreaterThanOrEqualTo(43);
    var resolved = http.post("/sessions/resolve", new ModerationApi.ResolveSession(session.token())).as(ModerationApi.Account.class);
    assertThat(resolved.displayName()).isEqualTo("Rea Der");
    assertThat(resolved.roles()).containsExactly("reader");

    var reader = Identities.named(resolved.id(), resolved.displayName(), "reader");
    assertThat(http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Hi"), Map.of()).status())
        .as("signed-in only").isEqualTo(401);
    var unconfirmed = http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Hi"), reader);
    assertThat(unconfirmed.status()).isEqualTo(403);
    assertThat(unconfirmed.json().get("detail").asText()).contains("Confirm your email");
    confirm(resolved.id());
    var posted = http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Good <b>piece</b>."), reader);
    assertThat(posted.status()).isEqualTo(201);
    var comment = posted.as(ModerationApi.Comment.class);
    assertThat(comment.status()).isEqualTo("pending");

    assertThat(http.get("/comments?status=pending", reader).status()).isEqualTo(403);
    var admin = http.post("/sessions", new ModerationApi.SignIn("admin@example.org", "correct horse battery")).as(ModerationApi.Session.class);
    assertThat(admin.account().roles()).containsExactly("admin");
    var moderator = Identities.header(admin.account().id(), "moderator");
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/comments?status=pending&articleId=" + ARTICLE + "&limit=100", moderator).as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::id).contains(comment.id()));
    assertThat(thread()).doesNotContain("Good <b>piece</b>.");

    assertThat(http.post("/comments/" + comment.id() + "/approve", "", moderator).status()).isEqualTo(200);
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(thread()).contains("Good <b>piece</b>."));

    var records = TopicProbe.readAll(kafka, Topics.MODERATION, TestService.patience(),
        seen -> seen.stream().anyMatch(r -> r.value().contains(comment.id()))).stream()
        .filter(r -> r.value().contains(comment.id())).toList();
    assertThat(records).as("one event, however often the projection ran").hasSize(1);
    var event = (ModerationEvent.CommentApproved) EventJson.read(records.get(0).value().getBytes(), ModerationEvent.class).orElseThrow();
    assertThat(event.commentId()).isEqualTo(comment.id());
    assertThat(event.authorDisplayName()).isEqualTo("Rea Der");
    assertThat(event.bodyHtml()).isEqualTo("Good &lt;b&gt;piece&lt;/b&gt;.");
    assertThat(records.get(0).key()).isEqualTo(ARTICLE);
  }

  private static final Map<String, String> MODERATOR = Identities.named("mod-1", "Mo Derator", "moderator");
  private static final Map<String, String> ADMIN = Identities.named("admin-1", "Ad Min", "admin");

  /** The newest email in the dev outbox for this account. */
  private static ModerationApi.Email lastEmail(String accountId) {
    var items = http.get("/admin/email/outbox?accountId=" + accountId, ADMIN).as(ModerationApi.EmailOutbox.class).items();
    assertThat(items).as("an email for " + accountId).isNotEmpty();
    return items.get(0);
  }

  private static String linkToken(ModerationApi.Email email) {
    var m = java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(email.body());
    assertThat(m.find()).as(email.body()).isTrue();
    return m.group(1);
  }

  /** Follows the confirmation link of the account's sign-up email. */
  private static void confirm(String accountId) {
    var verified = http.post("/accounts/verify", new ModerationApi.VerifyEmail(linkToken(lastEmail(accountId))));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.as(ModerationApi.Account.class).emailVerified()).isTrue();
  }

  private static ModerationApi.Comment post(String body, String parentId, Map<String, String> author) {
    var r = http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment(body, parentId), author);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.as(ModerationApi.Comment.class);
  }

  private static ModerationApi.Comment decide(String commentId, String action, Object body) {
    var r = http.post("/comments/" + commentId + "/" + action, body, MODERATOR);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.as(ModerationApi.Comment.class);
  }

  private static List<String> thread() {
    return http.get("/articles/" + ARTICLE + "/comments").as(ModerationApi.CommentList.class).items().stream()
        .map(ModerationApi.Comment::body).toList();
  }

  @Test
  void moderatorsRejectRemoveAndRestoreWithReasonsAndEveryDecisionIsLogged() {
    var author = Identities.named("author-1", "Au Thor", "reader");
    var spam = post("Cheap watches at example.com", null, author);
    var fine = post("A fair point about borders.", null, author);

    var badReason = http.post("/comments/" + spam.id() + "/reject", new ModerationApi.Reject("I dislike it", null), MODERATOR);
    assertThat(badReason.status()).isEqualTo(422);
    assertThat(badReason.json().get("detail").asText()).contains("spam, abuse, off-topic");
    assertThat(decide(spam.id(), "reject", new ModerationApi.Reject("spam", "link farm")).status()).isEqualTo("rejected");
    assertThat(decide(fine.id(), "approve", "").status()).isEqualTo("approved");
    await().atMost(TestService.patience()).until(() -> thread().contains("A fair point about borders."));

    assertThat(decide(fine.id(), "remove", new ModerationApi.Remove("off-topic")).status()).isEqualTo("removed");
    await().atMost(TestService.patience()).until(() -> !thread().contains("A fair point about borders."));
    assertThat(http.post("/comments/" + fine.id() + "/approve", "", MODERATOR).status()).as("removed: restore, not approve").isEqualTo(409);
    assertThat(decide(fine.id(), "restore", "").status()).isEqualTo("approved");
    await().atMost(TestService.patience()).until(() -> thread().contains("A fair point about borders."));

    // The public events: approved, removed, approved again; nothing for the rejected one.
    var events = TopicProbe.readAll(kafka, Topics.MODERATION, TestService.patience(),
        seen -> seen.stream().filter(r -> r.value().contains(fine.id())).count() >= 3);
    assertThat(events.stream().filter(r -> r.value().contains(fine.id())).map(r -> r.value().replaceAll(".*\"type\":\"(\\w+)\".*", "$1")))
        .containsExactly("CommentApproved", "CommentRemoved", "CommentApproved");
    assertThat(events).noneMatch(r -> r.value().contains(spam.id()));

    await().atMost(TestService.patience()).ignoreExceptions().untilAsserted(() -> {
      var context = http.get("/comments/" + fine.id() + "/context", MODERATOR).as(ModerationApi.CommentContext.class);
      assertThat(context.articleTitle()).isEqualTo("The map is not the territory");
      assertThat(context.decisions()).extracting(ModerationApi.Decision::action, ModerationApi.Decision::reason, ModerationApi.Decision::moderatorId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("approved", null, "mod-1"),
              org.assertj.core.groups.Tuple.tuple("removed", "off-topic", "mod-1"), org.assertj.core.groups.Tuple.tuple("restored", null, "mod-1"));
      assertThat(context.authorHistory()).extracting(ModerationApi.Comment::id).contains(spam.id());
    });
    var log = http.get("/moderators/mod-1/decisions?limit=2", MODERATOR).as(ModerationApi.DecisionList.class);
    assertThat(log.items()).hasSize(2);
    var rest = http.get("/moderators/mod-1/decisions?limit=100&cursor=" + log.nextCursor(), MODERATOR).as(ModerationApi.DecisionList.class);
    assertThat(rest.items()).extracting(ModerationApi.Decision::note).contains("link farm");
    assertThat(http.get("/comments?status=rejected", MODERATOR).as(ModerationApi.CommentList.class).items())
        .extracting(ModerationApi.Comment::id).contains(spam.id());
  }

  @Test
  void repliesGoOneLevelDeepUnderVisibleCommentsAndReadInThreadOrder() {
    var a = Identities.named("thread-a", "Ann", "reader");
    var b = Identities.named("thread-b", "Ben", "reader");
    var first = post("Thread first.", null, a);
    var second = post("Thread second.", null, b);
    assertThat(http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Too early.", first.id()), b).status())
        .as("a reply to a pending comment").isEqualTo(422);
    decide(first.id(), "approve", "");
    decide(second.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> thread().containsAll(List.of("Thread first.", "Thread second.")));
    var reply = post("Reply to first.", first.id(), b);
    var rejected = post("Rejected one.", null, b);
    decide(rejected.id(), "reject", new ModerationApi.Reject("abuse", null));
    decide(reply.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> thread().contains("Reply to first."));
    assertThat(http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Deeper.", reply.id()), a).status())
        .as("a reply to a reply").isEqualTo(422);
    assertThat(http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("To a rejected one.", rejected.id()), a).status())
        .isEqualTo(422);
    List<String> order = thread();
    assertThat(order.indexOf("Reply to first.")).isEqualTo(order.indexOf("Thread first.") + 1);
    assertThat(order.indexOf("Thread second.")).isGreaterThan(order.indexOf("Reply to first."));
    var newest = http.get("/articles/" + ARTICLE + "/comments?order=newest&limit=1").as(ModerationApi.CommentList.class);
    assertThat(newest.items()).extracting(ModerationApi.Comment::body).containsExactly("Thread second.");
    assertThat(newest.total()).isGreaterThanOrEqualTo(3);
    var next = http.get("/articles/" + ARTICLE + "/comments?order=newest&limit=1&cursor=" + newest.nextCursor()).as(ModerationApi.CommentList.class);
    assertThat(next.items()).extracting(ModerationApi.Comment::body).containsExactly("Thread first.", "Reply to first.");
    assertThat(http.get("/articles/" + ARTICLE + "/comments?cursor=garbage!").status()).isEqualTo(400);
  }

  @Test
  void authorsEditTheirOwnCommentsAndAnEditedVisibleCommentLeavesThePageUntilApprovedAgain() {
    var a = Identities.named("editor-a", "Eda", "reader");
    var mine = post("Frist!", null, a);
    decide(mine.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> thread().contains("Frist!"));
    assertThat(http.put("/comments/" + mine.id(), new ModerationApi.EditComment("Hijacked."), Identities.named("other", "O", "reader")).status())
        .isEqualTo(403);
    var edited = http.put("/comments/" + mine.id(), new ModerationApi.EditComment("First!"), a);
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.as(ModerationApi.Comment.class).status()).isEqualTo("pending");
    await().atMost(TestService.patience()).until(() -> !thread().contains("Frist!"));
    assertThat(thread()).doesNotContain("First!");
    decide(mine.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> thread().contains("First!"));
  }

  @Test
  void readersReportCommentsAndEnoughReportsTakeOneBackToTheReportedQueue() {
    var author = Identities.named("reported-a", "Rep", "reader");
    var comment = post("A provocative take.", null, author);
    decide(comment.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> thread().contains("A provocative take."));
    String reports = "/comments/" + comment.id() + "/reports";
    assertThat(http.post(reports, new ModerationApi.ReportComment("spam"), Map.of()).status()).as("signed in only").isEqualTo(401);
    assertThat(http.post(reports, new ModerationApi.ReportComment("boring"), Identities.header("r0", "reader")).status()).isEqualTo(422);
    for (int i = 1; i <= 2; i++) {
      assertThat(http.post(reports, new ModerationApi.ReportComment("abuse"), Identities.header("reporter-" + i, "reader")).status()).isEqualTo(200);
    }
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/comments?status=reported", MODERATOR).as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::id).contains(comment.id()));
    assertThat(thread()).as("two reports: still visible").contains("A provocative take.");
    var third = http.post(reports, new ModerationApi.ReportComment("abuse"), Identities.header("reporter-3", "reader"));
    assertThat(third.as(ModerationApi.Comment.class).status()).isEqualTo("pending");
    await().atMost(TestService.patience()).until(() -> !thread().contains("A provocative take."));
    await().atMost(TestService.patience()).ignoreExceptions().untilAsserted(() ->
        assertThat(http.get("/comments/" + comment.id() + "/context", MODERATOR).as(ModerationApi.CommentContext.class).reports())
            .extracting(ModerationApi.ReportEntry::readerId).containsExactly("reporter-1", "reporter-2", "reporter-3"));
    decide(comment.id(), "approve", "");
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/comments?status=reported", MODERATOR).as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::id).doesNotContain(comment.id()));
  }

  @Test
  void bulkDecisionsApplyToEachCommentOnItsOwn() {
    var a = Identities.named("bulk-a", "Bua", "reader");
    var one = post("Bulk one.", null, a);
    var two = post("Bulk two.", null, a);
    var result = http.post("/comments/bulk", new ModerationApi.Bulk("approve", List.of(one.id(), two.id(), "no-such-comment"), null, null),
        MODERATOR).as(ModerationApi.BulkResult.class);
    assertThat(result.items()).extracting(i -> i.comment() == null ? i.problem().status() : i.comment().status())
        .containsExactly("approved", "approved", 404);
    assertThat(http.post("/comments/bulk", new ModerationApi.Bulk("delete", List.of(one.id()), null, null), MODERATOR).status())
        .isEqualTo(422);
    assertThat(http.post("/comments/bulk", new ModerationApi.Bulk("remove", List.of(one.id()), "nope", null), MODERATOR).status())
        .isEqualTo(422);
    assertThat(http.post("/comments/bulk", new ModerationApi.Bulk("approve", List.of(), null, null), MODERATOR).status()).isEqualTo(400);
    assertThat(http.post("/comments/bulk", new ModerationApi.Bulk("approve", List.of(one.id()), null, null),
        Identities.header("r", "reader")).status()).isEqualTo(403);
  }

  @Test
  void queuesPageWithCursorsAndSayHowManyAreWaiting() {
    var a = Identities.named("queue-a", "Que", "reader");
    for (int i = 0; i < 5; i++) post("Queued " + i, null, a);
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/comments?status=pending&limit=100", MODERATOR).as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::body).contains("Queued 0", "Queued 1", "Queued 2", "Queued 3", "Queued 4"));
    var page = http.get("/comments?status=pending&limit=2", MODERATOR).as(ModerationApi.CommentList.class);
    assertThat(page.items()).hasSize(2);
    assertThat(page.total()).isGreaterThanOrEqualTo(5);
    List<String> seen = new java.util.ArrayList<>(page.items().stream().map(ModerationApi.Comment::id).toList());
    while (page.nextCursor() != null) {
      page = http.get("/comments?status=pending&limit=2&cursor=" + page.nextCursor(), MODERATOR).as(ModerationApi.CommentList.class);
      page.items().forEach(c -> seen.add(c.id()));
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize((int) page.total());
    assertThat(http.get("/comments?status=spam", MODERATOR).status()).isEqualTo(400);
    assertThat(http.get("/comments?status=pending&limit=0", MODERATOR).status()).isEqualTo(400);
  }

  @Test
  void aCommentOnAnArticleNeverPublishedIsNotFoundAfterABriefWait() {
    // (One published a moment ago is taken: StoryEndToEndTest plays that through the gateway.)
    long start = System.nanoTime();
    var madeUp = http.post("/articles/no-such-article/comments", new ModerationApi.SubmitComment("Hello?"), Identities.named("quick-1", "Quick", "reader"));
    assertThat(madeUp.status()).isEqualTo(404);
    assertThat(madeUp.contentType()).isEqualTo("application/problem+json");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("asked again for a few seconds first").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void threadPoliciesBansAndScreeningDecideWhoWaitsForAModerator() {
    String article = "policy-article";
    TopicProbe.send(kafka, Topics.CONTENT, article,
        new String(Samples.bytes("ArticlePublished"), StandardCharsets.UTF_8).replace(ARTICLE, article));
    String path = "/articles/" + article;
    var newcomer = Identities.named("newcomer-1", "Newt", "reader");
    await().atMost(TestService.patience()).until(() ->
        http.post(path + "/comments", new ModerationApi.SubmitComment(" "), newcomer).status() == 422);

    // Screening holds, with reasons a moderator sees.
    var linky = http.post(path + "/comments", new ModerationApi.SubmitComment("Read https://example.org/my-blog"), newcomer)
        .as(ModerationApi.Comment.class);
    assertThat(linky.heldFor()).containsExactly("link from a new account");
    await().atMost(TestService.patience()).ignoreExceptions().untilAsserted(() ->
        assertThat(http.get("/comments/" + linky.id() + "/context", MODERATOR).as(ModerationApi.CommentContext.class).comment().heldFor())
            .containsExactly("link from a new account"));

    // A trusted reader (three approved, no rejection) skips the queue where the thread pre-moderates only the untrusted.
    var regular = Identities.named("regular-1", "Reggie", "reader");
    for (int i = 0; i < 3; i++) decide(http.post(path + "/comments", new ModerationApi.SubmitComment("Earned " + i), regular)
        .as(ModerationApi.Comment.class).id(), "approve", "");
    assertThat(http.put(path + "/thread", new ModerationApi.ThreadPolicy(false, "untrusted", null), newcomer).status()).isEqualTo(403);
    assertThat(http.put(path + "/thread", new ModerationApi.ThreadPolicy(false, "sometimes", null), MODERATOR).status()).isEqualTo(422);
    assertThat(http.put(path + "/thread", new ModerationApi.ThreadPolicy(false, "untrusted", null), MODERATOR)
        .as(ModerationApi.ThreadPolicy.class).preModerate()).isEqualTo("untrusted");
    await().atMost(TestService.patience()).untilAsserted(() -> assertThat(
        http.get("/comments?status=approved&articleId=" + article, MODERATOR).as(ModerationApi.CommentList.class).total()).isEqualTo(3));
    assertThat(http.post(path + "/comments", new ModerationApi.SubmitComment("Trusted now."), regular)
        .as(ModerationApi.Comment.class).status()).isEqualTo("approved");
    assertThat(http.post(path + "/comments", new ModerationApi.SubmitComment("Still new here."), newcomer)
        .as(ModerationApi.Comment.class).status()).isEqualTo("pending");

    // Closed threads take no comments; anyone can see that they are closed.
    http.put(path + "/thread", new ModerationApi.ThreadPolicy(true, "untrusted", null), MODERATOR);
    assertThat(http.get(path + "/thread").as(ModerationApi.ThreadPolicy.class).closed()).isTrue();
    var closed = http.post(path + "/comments", new ModerationApi.SubmitComment("Too late."), regular);
    assertThat(closed.status()).isEqualTo(409);
    assertThat(closed.json().get("detail").asText()).contains("closed");
    http.put(path + "/thread", new ModerationApi.ThreadPolicy(false, "everyone", null), MODERATOR);

    // A banned account cannot comment until it is unbanned.
    http.post("/accounts", new ModerationApi.SignUp("troll@example.org", "Troll", "a long password"));
    var troll = http.post("/sessions", new ModerationApi.SignIn("troll@example.org", "a long password")).as(ModerationApi.Session.class).account();
    var trollIdentity = Identities.named(troll.id(), troll.displayName(), "reader");
    confirm(troll.id());
    assertThat(http.post("/accounts/" + troll.id() + "/ban", new ModerationApi.Ban("abuse", null), trollIdentity).status()).isEqualTo(403);
    var standing = http.post("/accounts/" + troll.id() + "/ban", new ModerationApi.Ban("abuse", null), MODERATOR).as(ModerationApi.Standing.class);
    assertThat(standing.banned()).isTrue();
    assertThat(standing.bannedUntil()).as("for good").isNull();
    var refused = http.post(path + "/comments", new ModerationApi.SubmitComment("Let me in."), trollIdentity);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("detail").asText()).contains("may not comment");
    assertThat(http.post("/accounts/" + troll.id() + "/unban", "", MODERATOR).as(ModerationApi.Standing.class).banned()).isFalse();
    assertThat(http.post(path + "/comments", new ModerationApi.SubmitComment("Behaving now."), trollIdentity).status()).isEqualTo(201);
    assertThat(http.post("/accounts/no-such-account/ban", new ModerationApi.Ban("abuse", null), MODERATOR).status()).isEqualTo(404);
  }

  @Test
  void signOutSignOutEverywhereAndANewPasswordEndSessions() {
    http.post("/accounts", new ModerationApi.SignUp("sessions@example.org", "Sess", "a long password"));
    var laptop = http.post("/sessions", new ModerationApi.SignIn("sessions@example.org", "a long password")).as(ModerationApi.Session.class);
    var phone = http.post("/sessions", new ModerationApi.SignIn("sessions@example.org", "a long password")).as(ModerationApi.Session.class);
    var tablet = http.post("/sessions", new ModerationApi.SignIn("sessions@example.org", "a long password")).as(ModerationApi.Session.class);
    assertThat(laptop.token()).as("a new token at every sign-in").isNotEqualTo(phone.token());
    var me = Identities.named(laptop.account().id(), "Sess", "reader");

    assertThat(http.post("/sessions/end", new ModerationApi.EndSession(laptop.token())).as(ModerationApi.SessionsEnded.class).sessions()).isEqualTo(1);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(laptop.token())).status()).isEqualTo(401);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(phone.token())).status()).isEqualTo(200);

    var wrong = http.post("/accounts/me/password", new ModerationApi.ChangePassword("not it", "another long password"), me);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(http.post("/accounts/me/password", new ModerationApi.ChangePassword("a long password", "short"), me).status()).isEqualTo(400);
    var fresh = http.post("/accounts/me/password", new ModerationApi.ChangePassword("a long password", "another long password"), me);
    assertThat(fresh.status()).isEqualTo(200);
    String freshToken = fresh.as(ModerationApi.Session.class).token();
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(phone.token())).status()).as("other sessions end").isEqualTo(401);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(freshToken)).status()).isEqualTo(200);
    assertThat(http.post("/sessions", new ModerationApi.SignIn("sessions@example.org", "a long password")).status()).isEqualTo(401);
    assertThat(http.post("/sessions", new ModerationApi.SignIn("sessions@example.org", "another long password")).status()).isEqualTo(201);

    assertThat(http.post("/accounts/me/sessions/end", "", me).as(ModerationApi.SessionsEnded.class).sessions()).isEqualTo(2);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(freshToken)).status()).isEqualTo(401);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(tablet.token())).status()).isEqualTo(401);
    assertThat(http.post("/accounts/me/sessions/end", "", Map.of()).status()).isEqualTo(401);
  }

  @Test
  void signInAttemptsAreLimitedPerAccountWhetherOrNotItExists() {
    for (String email : new String[] {"limited@example.org", "nobody-here@example.org"}) {
      if (email.startsWith("limited")) http.post("/accounts", new ModerationApi.SignUp(email, "Lim", "a long password"));
      for (int i = 0; i < 10; i++) {
        assertThat(http.post("/sessions", new ModerationApi.SignIn(email, "wrong password " + i)).status()).isEqualTo(401);
      }
      var limited = http.post("/sessions", new ModerationApi.SignIn(email, "a long password"));
      assertThat(limited.status()).as(email).isEqualTo(429);
      assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void aSecondSignUpWithATakenAddressTellsItsOwnerAndNobodyElse() {
    http.post("/accounts", new ModerationApi.SignUp("owner@example.org", "Owner", "a long password"));
    String id = http.post("/sessions", new ModerationApi.SignIn("owner@example.org", "a long password")).as(ModerationApi.Session.class).account().id();
    http.post("/accounts", new ModerationApi.SignUp("owner@example.org", "Impostor", "a long password"));
    var mail = lastEmail(id);
    assertThat(mail.subject()).contains("Someone tried to sign up");
    assertThat(mail.to()).isEqualTo("o***@example.org");
    assertThat(http.post("/accounts/verify", new ModerationApi.VerifyEmail("not-a-token")).status()).isEqualTo(400);
  }

  @Test
  void aResetLinkGoesOnlyToRegisteredAddressesWorksOnceAndEndsEverySession() {
    http.post("/accounts", new ModerationApi.SignUp("forgetful@example.org", "Forgetful", "a long password"));
    var before = http.post("/sessions", new ModerationApi.SignIn("forgetful@example.org", "a long password")).as(ModerationApi.Session.class);
    var known = http.post("/accounts/password-reset", new ModerationApi.RequestPasswordReset("forgetful@example.org", null));
    var unknown = http.post("/accounts/password-reset", new ModerationApi.RequestPasswordReset("stranger@example.org", null));
    assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(202);
    assertThat(known.body()).isEqualTo(unknown.body());
    await().atMost(TestService.patience()).until(() -> lastEmail(before.account().id()).subject().contains("Reset your password"));
    var mail = lastEmail(before.account().id());
    String token = linkToken(mail);
    assertThat(http.get("/admin/email/outbox?limit=100", ADMIN).body()).doesNotContain("stranger");

    assertThat(http.post("/accounts/password-reset/complete", new ModerationApi.ResetPassword(token, "short")).status()).isEqualTo(400);
    assertThat(http.post("/accounts/password-reset/complete", new ModerationApi.ResetPassword(token, "a brand new password")).status())
        .isEqualTo(200);
    assertThat(http.post("/accounts/password-reset/complete", new ModerationApi.ResetPassword(token, "yet another password")).status())
        .as("a link works once").isEqualTo(400);
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(before.token())).status()).isEqualTo(401);
    assertThat(http.post("/sessions", new ModerationApi.SignIn("forgetful@example.org", "a long password")).status()).isEqualTo(401);
    assertThat(http.post("/sessions", new ModerationApi.SignIn("forgetful@example.org", "a brand new password")).status()).isEqualTo(201);
    assertThat(http.get("/admin/email/outbox", MODERATOR).status()).as("admins only").isEqualTo(403);
  }

  @Test
  void wrongCredentialsAndUnknownEmailsGetTheSameAnswer() {
    http.post("/accounts", new ModerationApi.SignUp("known@example.org", "Known", "a long password"));
    var wrongPassword = http.post("/sessions", new ModerationApi.SignIn("known@example.org", "not the password"));
    var unknownEmail = http.post("/sessions", new ModerationApi.SignIn("nobody@example.org", "not the password"));
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownEmail.status()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession("forged")).status()).isEqualTo(401);
  }

  @Test
  void badRequestsGetProblemJsonAndChangeNothing() {
    assertThat(http.post("/accounts", new ModerationApi.SignUp("not-an-email", "Name", "a long password")).status()).isEqualTo(400);
    assertThat(http.post("/accounts", new ModerationApi.SignUp("short@example.org", "Name", "short")).status()).isEqualTo(400);
    var first = http.post("/accounts", new ModerationApi.SignUp("dup@example.org", "Name", "a long password"));
    var again = http.post("/accounts", new ModerationApi.SignUp("dup@example.org", "Other", "another long password"));
    assertThat(again.status()).as("a taken address is not revealed").isEqualTo(first.status()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    var reader = Identities.header("someone", "reader");
    var unknownArticle = http.post("/articles/no-such-article/comments", new ModerationApi.SubmitComment("hi"), reader);
    assertThat(unknownArticle.status()).isEqualTo(404);
    assertThat(unknownArticle.contentType()).isEqualTo("application/problem+json");
    var empty = http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("  "), reader);
    assertThat(empty.status()).as(empty.body()).isEqualTo(422);
    var moderator = Identities.header("mod", "moderator");
    assertThat(http.post("/comments/no-such-comment/approve", "", moderator).status()).isEqualTo(404);
    assertThat(http.postRaw("/sessions", "application/json", "{", Map.of()).status()).isEqualTo(400);
  }

  /** A signed-up, confirmed, signed-in reader, and the identity the gateway would sign for them. */
  private record Member(ModerationApi.Session session, Map<String, String> identity) {
    String id() {
      return session.account().id();
    }
  }

  private static Member member(String email, String name) {
    var signedUp = http.post("/accounts", new ModerationApi.SignUp(email, name, "a long password"));
    assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(202);
    var session = http.post("/sessions", new ModerationApi.SignIn(email, "a long password")).as(ModerationApi.Session.class);
    confirm(session.account().id());
    return new Member(session, Identities.named(session.account().id(), session.account().displayName(), "reader"));
  }

  @Test
  void displayNamesAreUniqueByHowTheyLookAndProfilesShowNameBioJoinDateAndVisibleComments() {
    var map = member("cartographer@example.org", "Map Maker");
    for (String lookAlike : new String[] {"MAP MAKER", "Map  Maker", "\uFF2Dap Maker"}) {
      var taken = http.post("/accounts", new ModerationApi.SignUp("other@example.org", lookAlike, "a long password"));
      assertThat(taken.status()).as(lookAlike).isEqualTo(409);
      assertThat(taken.json().get("detail").asText()).contains("display name is taken");
    }
    var spoof = http.post("/accounts", new ModerationApi.SignUp("other@example.org", "M\u0430p Maker", "a long password"));
    assertThat(spoof.status()).isEqualTo(422);

    var updated = http.put("/accounts/me/profile", new ModerationApi.UpdateProfile(null, "Draws borders.", null), map.identity());
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.as(ModerationApi.MyAccount.class).email()).isEqualTo("cartographer@example.org");
    var c = post("Borders move.", null, map.identity());
    decide(c.id(), "approve", "");
    await().atMost(TestService.patience()).untilAsserted(() -> {
      var profile = http.get("/profiles/" + map.id()).as(ModerationApi.Profile.class);
      assertThat(profile).extracting(ModerationApi.Profile::displayName, ModerationApi.Profile::bio, ModerationApi.Profile::approvedComments)
          .containsExactly("Map Maker", "Draws borders.", 1L);
      assertThat(profile.joinedAt()).isEqualTo(map.session().account().joinedAt());
    });
    assertThat(http.get("/profiles/" + map.id()).body()).doesNotContain("cartographer");
    assertThat(http.get("/profiles/nobody").status()).isEqualTo(404);

    var renamed = http.put("/accounts/me/profile", new ModerationApi.UpdateProfile("Map Maker Two", null, null), map.identity());
    assertThat(renamed.as(ModerationApi.MyAccount.class).displayName()).isEqualTo("Map Maker Two");
    assertThat(http.post("/accounts", new ModerationApi.SignUp("other@example.org", "Map Maker", "a long password")).status())
        .as("the old name is free again").isEqualTo(202);
    var clash = http.put("/accounts/me/profile", new ModerationApi.UpdateProfile("map maker", null, null), map.identity());
    assertThat(clash.status()).isEqualTo(409);
  }

  @Test
  void anAdminGrantsRolesAndTheNextResolvedSessionCarriesThem() {
    var m = member("future-mod@example.org", "Future Mod");
    var roles = new ModerationApi.SetRoles(java.util.Set.of("moderator"));
    assertThat(http.put("/admin/accounts/" + m.id() + "/roles", roles, MODERATOR).status()).as("admins only").isEqualTo(403);
    assertThat(http.put("/admin/accounts/" + m.id() + "/roles", roles, m.identity()).status()).isEqualTo(403);
    var granted = http.put("/admin/accounts/" + m.id() + "/roles", roles, ADMIN);
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    assertThat(granted.as(ModerationApi.Account.class).roles()).containsExactlyInAnyOrder("reader", "moderator");
    var resolved = http.post("/sessions/resolve", new ModerationApi.ResolveSession(m.session().token())).as(ModerationApi.Account.class);
    assertThat(resolved.roles()).containsExactlyInAnyOrder("reader", "moderator");
    var badRole = http.put("/admin/accounts/" + m.id() + "/roles", new ModerationApi.SetRoles(java.util.Set.of("root")), ADMIN);
    assertThat(badRole.status()).isEqualTo(422);
    assertThat(http.put("/admin/accounts/nobody/roles", roles, ADMIN).status()).isEqualTo(404);
  }

  private static List<ModerationApi.Email> emails(String accountId) {
    return http.get("/admin/email/outbox?accountId=" + accountId, ADMIN).as(ModerationApi.EmailOutbox.class).items();
  }

  @Test
  void authorsAreEmailedWhenAModeratorDecidesUntilTheyStopItWithTheLinkInTheEmail() throws Exception {
    var m = member("told@example.org", "Told Author");
    var good = post("Worth reading.", null, m.identity());
    decide(good.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> emails(m.id()).get(0).subject().equals("Your comment is published"));
    var bad = post("Off on a tangent.", null, m.identity());
    decide(bad.id(), "reject", new ModerationApi.Reject("off-topic", "internal: tangent again"));
    await().atMost(TestService.patience()).until(() -> emails(m.id()).get(0).subject().equals("Your comment was not published"));
    var rejection = emails(m.id()).get(0);
    assertThat(rejection.body()).contains("The map is not the territory").contains("off-topic").doesNotContain("internal: tangent");
    assertThat(rejection.to()).doesNotContain("told@");

    String token = linkToken(rejection);
    assertThat(http.post("/accounts/email-preferences/unsubscribe", new ModerationApi.Unsubscribe(token)).status()).isEqualTo(200);
    assertThat(http.post("/accounts/email-preferences/unsubscribe", new ModerationApi.Unsubscribe(token)).status()).as("used").isEqualTo(400);
    assertThat(http.get("/accounts/me", m.identity()).as(ModerationApi.MyAccount.class).notifyOnDecision()).isFalse();
    int before = emails(m.id()).size();
    var third = post("One more.", null, m.identity());
    decide(third.id(), "approve", "");
    // Another author who did not opt out is told of a later decision: by then the notices got past this one.
    var other = member("still-told@example.org", "Still Told");
    var theirs = post("Me too.", null, other.identity());
    decide(theirs.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> emails(other.id()).stream().anyMatch(e -> e.subject().equals("Your comment is published")));
    Thread.sleep(1000);
    assertThat(emails(m.id())).hasSize(before);
  }

  @Test
  void readersDownloadTheirDataAndDeleteTheirAccountKeepingOrRemovingTheirComments() throws Exception {
    var keeper = member("keeper@example.org", "Keeper Of Words");
    var kept = post("These words stay.", null, keeper.identity());
    decide(kept.id(), "approve", "");
    var waiting = post("This one waits.", null, keeper.identity());
    var remover = member("remover@example.org", "Remover Of Words");
    var removed = post("These words go.", null, remover.identity());
    decide(removed.id(), "approve", "");
    await().atMost(TestService.patience()).until(() -> thread().containsAll(List.of("These words stay.", "These words go.")));
    assertThat(http.post("/comments/" + removed.id() + "/reports", new ModerationApi.ReportComment("spam"), keeper.identity()).status())
        .isEqualTo(200);

    await().atMost(TestService.patience()).untilAsserted(() -> {
      var data = http.get("/accounts/me/data", keeper.identity()).as(ModerationApi.DataExport.class);
      assertThat(data.account().email()).isEqualTo("keeper@example.org");
      assertThat(data.comments()).extracting(ModerationApi.Comment::body).containsExactly("These words stay.", "This one waits.");
      assertThat(data.reports()).extracting(ModerationApi.MyReport::commentId).containsExactly(removed.id());
      assertThat(data.sessions()).hasSize(1);
    });

    var wrong = http.delete("/accounts/me", new ModerationApi.DeleteAccount("not my password", "keep"), keeper.identity());
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(http.delete("/accounts/me", new ModerationApi.DeleteAccount("a long password", "maybe"), keeper.identity()).status()).isEqualTo(422);
    assertThat(http.delete("/accounts/me", new ModerationApi.DeleteAccount("a long password", "keep"), keeper.identity()).status()).isEqualTo(200);
    assertThat(http.delete("/accounts/me", new ModerationApi.DeleteAccount("a long password", "remove"), remover.identity()).status()).isEqualTo(200);

    assertThat(http.post("/sessions/resolve", new ModerationApi.ResolveSession(keeper.session().token())).status()).isEqualTo(401);
    assertThat(http.post("/sessions", new ModerationApi.SignIn("keeper@example.org", "a long password")).status()).isEqualTo(401);
    assertThat(http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Still here?"), keeper.identity()).status())
        .as("an unexpired identity of a deleted account").isEqualTo(403);
    assertThat(http.get("/profiles/" + keeper.id()).status()).isEqualTo(404);

    await().atMost(TestService.patience()).untilAsserted(() -> {
      var comments = http.get("/articles/" + ARTICLE + "/comments?limit=100").as(ModerationApi.CommentList.class).items();
      assertThat(comments).filteredOn(x -> x.id().equals(kept.id())).extracting(ModerationApi.Comment::authorName, ModerationApi.Comment::body)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("Deleted account", "These words stay."));
      assertThat(comments).extracting(ModerationApi.Comment::id).doesNotContain(removed.id());
      assertThat(http.get("/comments?status=pending&limit=100", MODERATOR).as(ModerationApi.CommentList.class).items())
          .extracting(ModerationApi.Comment::id).doesNotContain(waiting.id());
    });
    var events = TopicProbe.readAll(kafka, Topics.MODERATION, TestService.patience(),
        seen -> seen.stream().filter(r -> r.value().contains("AccountErased")).count() >= 2
            && seen.stream().anyMatch(r -> r.value().contains("CommentRemoved") && r.value().contains(removed.id())));
    var erasedKeeper = events.stream().filter(r -> r.value().contains("AccountErased") && r.value().contains(keeper.id())).toList();
    assertThat(erasedKeeper).hasSize(1);
    assertThat(erasedKeeper.get(0).key()).isEqualTo(keeper.id());

    // Nothing personal is left in the journal or the snapshots: the names, the email and the erased words are gone.
    await().atMost(TestService.patience()).untilAsserted(() -> {
      for (String secret : new String[] {"Keeper Of Words", "Remover Of Words", "This one waits.", "These words go."}) {
        assertThat(journalRowsContaining(secret)).as(secret).isZero();
      }
      assertThat(journalRowsOf("Account|" + keeper.id())).isEqualTo(1);
      assertThat(journalRowsOf("Comment|" + kept.id())).isEqualTo(1);
    });
    assertThat(emails(keeper.id())).as("its outbox mail went too").isEmpty();
    var again = http.post("/accounts", new ModerationApi.SignUp("keeper@example.org", "Keeper Of Words", "a long password"));
    assertThat(again.status()).isEqualTo(202);
    await().atMost(TestService.patience()).until(() -> emails(keeper.id()).stream().anyMatch(e -> e.subject().startsWith("Confirm")));
  }

  private static long journalRowsContaining(String text) throws java.sql.SQLException {
    try (var c = service.database().connect(); var s = c.prepareStatement(
        "SELECT (SELECT count(*) FROM event_journal WHERE position(? in convert_from(event_payload, 'UTF8')) > 0)"
            + " + (SELECT count(*) FROM snapshot WHERE position(? in convert_from(snapshot_payload, 'UTF8')) > 0)")) {
      s.setString(1, text);
      s.setString(2, text);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long journalRowsOf(String persistenceId) throws java.sql.SQLException {
    try (var c = service.database().connect(); var s = c.prepareStatement("SELECT count(*) FROM event_journal WHERE persistence_id = ?")) {
      s.setString(1, persistenceId);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    var api = new org.maproom.platform.http.Api(null);
    new org.maproom.moderation.http.AccountRoutes(service.running().system(), null, null, null, null, null, null, null, null).register(api);
    new org.maproom.moderation.http.CommentRoutes(service.running().system(), null, null, java.util.List.of(), null, 0).register(api);
    new org.maproom.moderation.http.PolicyRoutes(service.running().system(), null).register(api);
    new org.maproom.moderation.http.ProfileRoutes(service.running().system(), null, null, null, null, null, null).register(api);
    var routes = api.endpoints().stream().map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("moderation-service.yaml").operations()).isEqualTo(routes);
  }
}
