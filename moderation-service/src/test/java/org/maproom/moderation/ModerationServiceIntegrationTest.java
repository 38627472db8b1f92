package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
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
    assertThat(account.status()).isEqualTo(201);
    assertThat(account.body()).doesNotContain("example.org");
    var session = http.post("/sessions", new ModerationApi.SignIn("rea@example.org ", "a long password")).as(ModerationApi.Session.class);
    assertThat(session.token()).hasSizeGreaterThanOrEqualTo(43);
    var resolved = http.post("/sessions/resolve", new ModerationApi.ResolveSession(session.token())).as(ModerationApi.Account.class);
    assertThat(resolved.displayName()).isEqualTo("Rea Der");
    assertThat(resolved.roles()).containsExactly("reader");

    var reader = Identities.named(resolved.id(), resolved.displayName(), "reader");
    assertThat(http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Hi"), Map.of()).status())
        .as("signed-in only").isEqualTo(401);
    var posted = http.post("/articles/" + ARTICLE + "/comments", new ModerationApi.SubmitComment("Good <b>piece</b>."), reader);
    assertThat(posted.status()).isEqualTo(201);
    var comment = posted.as(ModerationApi.Comment.class);
    assertThat(comment.status()).isEqualTo("pending");

    assertThat(http.get("/comments/pending", reader).status()).isEqualTo(403);
    var admin = http.post("/sessions", new ModerationApi.SignIn("admin@example.org", "correct horse battery")).as(ModerationApi.Session.class);
    assertThat(admin.account().roles()).containsExactly("admin");
    var moderator = Identities.header(admin.account().id(), "moderator");
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/comments/pending", moderator).as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::id).contains(comment.id()));
    assertThat(http.get("/articles/" + ARTICLE + "/comments").as(ModerationApi.CommentList.class).items()).isEmpty();

    assertThat(http.post("/comments/" + comment.id() + "/approve", "", moderator).status()).isEqualTo(200);
    await().atMost(TestService.patience()).untilAsserted(() ->
        assertThat(http.get("/articles/" + ARTICLE + "/comments").as(ModerationApi.CommentList.class).items())
            .extracting(ModerationApi.Comment::body).containsExactly("Good <b>piece</b>."));

    var records = TopicProbe.read(kafka, Topics.MODERATION, 1, TestService.patience());
    assertThat(records).hasSize(1);
    var event = (ModerationEvent.CommentApproved) EventJson.read(records.get(0).value().getBytes(), ModerationEvent.class).orElseThrow();
    assertThat(event.commentId()).isEqualTo(comment.id());
    assertThat(event.authorDisplayName()).isEqualTo("Rea Der");
    assertThat(records.get(0).key()).isEqualTo(ARTICLE);
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
    assertThat(http.post("/accounts", new ModerationApi.SignUp("dup@example.org", "Name", "a long password")).status()).isEqualTo(201);
    assertThat(http.post("/accounts", new ModerationApi.SignUp("dup@example.org", "Name", "a long password")).status()).isEqualTo(409);
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

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    var api = new org.maproom.platform.http.Api(null);
    new org.maproom.moderation.http.AccountRoutes(service.running().system(), null, null, null, null).register(api);
    new org.maproom.moderation.http.CommentRoutes(service.running().system(), null, null).register(api);
    var routes = api.endpoints().stream().map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("moderation-service.yaml").operations()).isEqualTo(routes);
  }
}
