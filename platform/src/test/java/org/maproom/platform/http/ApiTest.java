package org.maproom.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.platform.identity.IdentityToken;

/** Requests go to the endpoint whose template fits their path, over real HTTP, as they did when every route was tried in turn. */
class ApiTest {
  private static ActorSystem system;
  private static ServerBinding binding;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("api-test", ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    IdentityToken identities = new IdentityToken("a-test-key-of-at-least-thirty-two-bytes!".getBytes(), Duration.ofSeconds(60),
        java.time.Clock.systemUTC());
    var api = new Api(identities)
        .get("/articles", p -> Api.ok("list"))
        .get("/articles/{id}", p -> Api.ok("article " + p.get("id")))
        .post("/articles/{id}/reactions", p -> Api.ok("tap on " + p.get("id")))
        .get("/articles/{id}/{part}", p -> Api.ok("part " + p.get("part") + " of " + p.get("id")))
        .get("/articles/top", p -> Api.ok("top"))
        .post("/echo", p -> Api.json(Echo.class, Api::ok));
    var withFallback = new Api(identities).get("/x", p -> Api.ok("x"))
        .fallback(Directives.complete(StatusCodes.NOT_FOUND, "the fallback"));
    var route = Directives.concat(Directives.pathPrefix("plain", () -> api.route(null)),
        Directives.pathPrefix("fb", () -> withFallback.route(null)));
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture().get();
  }

  @AfterAll
  static void stop() {
    binding.unbind();
    system.terminate();
  }

  record Echo(String title, java.util.List<String> tags, java.util.Map<String, String> notes) {}

  private static HttpResponse<String> post(String contentType, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/plain/echo"))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bodiesHoldingControlCharactersOrBrokenUnicodeAreRefusedNamingTheFieldAndOthersPass() throws Exception {
    var fine = post("application/json", "{\"title\": \"Tabs\\tand\\nlines, \u00e9, \ud83d\uddfa\ufe0f\", \"tags\": [\"a\"], \"notes\": {\"k\": \"v\"}}");
    assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    assertThat(fine.body()).contains("\ud83d\uddfa");
    for (var bad : java.util.Map.of(
        "{\"title\": \"a\\u0000b\"}", "The field title holds the control character U+0000",
        "{\"title\": \"bell\\u0007\"}", "U+0007",
        "{\"tags\": [\"ok\", \"\\ud800\"]}", "The field tags[1] holds half of a surrogate pair",
        "{\"notes\": {\"k\": \"\\u009b\"}}", "The field notes.k holds the control character U+009B").entrySet()) {
      var r = post("application/json", bad.getKey());
      assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(422);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(r.body()).contains(bad.getValue());
    }
    assertThat(post("application/json", "{\"title\": ").statusCode()).isEqualTo(400);
    assertThat(post("application/json", "null").statusCode()).isEqualTo(400);
    assertThat(post("application/json", "").statusCode()).isEqualTo(400);
    assertThat(post("text/plain", "{}").statusCode()).isEqualTo(415);
  }

  private static HttpResponse<String> call(String method, String path) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eachPathReachesTheEndpointItsTemplateFits() throws Exception {
    assertThat(call("GET", "/plain/articles").body()).isEqualTo("\"list\"");
    assertThat(call("GET", "/plain/articles/a%20b").body()).isEqualTo("\"article a b\"");
    assertThat(call("POST", "/plain/articles/a1/reactions").body()).isEqualTo("\"tap on a1\"");
    assertThat(call("GET", "/plain/articles/a1/history").body()).isEqualTo("\"part history of a1\"");
  }

  @Test
  void whenTwoTemplatesFitTheOneDeclaredFirstAnswers() throws Exception {
    // "/articles/{id}" is declared before "/articles/top": as with routes tried in turn, the first wins.
    assertThat(call("GET", "/plain/articles/top").body()).isEqualTo("\"article top\"");
    // Both fit a GET of a/reactions only by template; the method decides: the POST endpoint rejects it, the GET one answers.
    assertThat(call("GET", "/plain/articles/a1/reactions").body()).isEqualTo("\"part reactions of a1\"");
  }

  @Test
  void aPathNoTemplateFitsIsNotFoundAndAWrongMethodIsNotAllowed() throws Exception {
    var missing = call("GET", "/plain/nothing/here");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(call("GET", "/plain/articles/").statusCode()).isEqualTo(404);
    assertThat(call("GET", "/plain/articles//reactions").statusCode()).isEqualTo(404);
    assertThat(call("DELETE", "/plain/articles/a1").statusCode()).isEqualTo(405);
    var fallback = call("GET", "/fb/nothing");
    assertThat(fallback.statusCode()).isEqualTo(404);
    assertThat(fallback.body()).isEqualTo("the fallback");
    assertThat(call("GET", "/fb/x").body()).isEqualTo("\"x\"");
  }
}
