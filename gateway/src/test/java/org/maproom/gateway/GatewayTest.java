package org.maproom.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.gateway.api.ApiRoutes;
import org.maproom.gateway.consoles.ConsolePages;
import org.maproom.gateway.pages.AccountPages;
import org.maproom.gateway.pages.PageRoutes;
import org.maproom.platform.ServiceConfig;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.OpenApiSpec;
import org.maproom.testkit.Ports;

/** The gateway alone, with every service it calls down: it must still answer, and say so clearly. */
class GatewayTest {
  static ServiceRuntime.Running gateway;
  static JsonHttp http;
  /** content-service here takes connections and never answers. */
  static java.net.ServerSocket hanging;

  @BeforeAll
  static void start() throws Exception {
    Map<String, Object> config = new HashMap<>(LocalConfig.stateless(LocalConfig.Ports.free()));
    for (String s : new String[] {"engagement", "moderation", "notify"}) {
      config.put("gateway.services." + s, "http://127.0.0.1:" + Ports.free()); // nothing listens there
    }
    hanging = new java.net.ServerSocket(0, 100, java.net.InetAddress.getLoopbackAddress());
    config.put("gateway.services.content", "http://127.0.0.1:" + hanging.getLocalPort());
    config.put("gateway.services.timeout", "1s");
    gateway = ServiceRuntime.start(Main.NAME, ServiceConfig.load(Main.NAME, config), Main::init);
    http = new JsonHttp("http://127.0.0.1:" + gateway.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().toCompletableFuture().get();
    hanging.close();
  }

  @Test
  void formsWithoutTheirAntiForgeryTokenAreRefused() {
    var none = http.postRaw("/sign-in", "application/x-www-form-urlencoded", "email=a%40b.c&password=x", Map.of());
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.contentType()).startsWith("text/html");
    assertThat(Jsoup.parse(none.body()).select("h1").text()).isEqualTo("Not allowed");
    var forged = http.postRaw("/sign-in", "application/x-www-form-urlencoded", "csrf=forged&email=a%40b.c&password=x", Map.of());
    assertThat(forged.status()).isEqualTo(403);
    // A session cookie alone never changes anything through the API: the page's token must come with it.
    var cookieOnly = http.post("/api/articles", "{}", Map.of("Cookie", "mr_session=AAAAAAAAAAAAAAAAAAAAAAAA"));
    assertThat(cookieOnly.status()).isEqualTo(403);
    assertThat(cookieOnly.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void aServiceThatHangsIsCutOffByItsCircuitBreaker() {
    // Each front page asks content-service (a read: tried twice, 1 s each) until five calls in a row went unanswered.
    for (int i = 0; i < 3; i++) assertThat(http.get("/").status()).isEqualTo(503);
    long start = System.nanoTime();
    var fast = http.get("/");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(fast.status()).isEqualTo(503);
    assertThat(Jsoup.parse(fast.body()).select("h1").text()).isEqualTo("Something went wrong");
    assertThat(millis).as("answered without waiting for the service's timeout").isLessThan(900);
  }

  @Test
  void anAddressWithNothingThereIsTheSitesOwnNotFoundPage() {
    var r = http.get("/no/such/page");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("text/html");
    var page = Jsoup.parse(r.body());
    assertThat(page.select("h1").text()).isEqualTo("Not found");
    assertThat(page.select("header.masthead a.publication").text()).isNotBlank();
    var api = http.get("/api/no/such/thing");
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.contentType()).as("a script asking the API gets a problem document").isEqualTo("application/problem+json");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndAnUnreachableServiceIsA503Problem() {
    var api = http.get("/api/articles/some-article/counters");
    assertThat(api.status()).isEqualTo(503);
    assertThat(api.contentType()).isEqualTo("application/problem+json");
    assertThat(api.json().path("detail").asText()).contains("engagement-service");
    var page = http.get("/articles/some-article");
    assertThat(page.status()).isEqualTo(503);
    assertThat(Jsoup.parse(page.body()).select("h1").text()).isEqualTo("Something went wrong");
    for (var r : new JsonHttp.Response[] {api, page, http.get("/nowhere"), http.get("/assets/site.css")}) {
      var headers = r.raw().headers();
      assertThat(headers.firstValue("Content-Security-Policy")).get().asString()
          .contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(headers.firstValue("Strict-Transport-Security")).as("HSTS outside dev").isPresent();
    }
  }

  @Test
  void aReaderGetsAnAnonymousIdCookieThatIsHttpOnly() {
    var cookie = http.get("/articles/some-article").raw().headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).matches("mr_reader=[A-Za-z0-9_-]{22};.*").contains("HttpOnly").contains("SameSite=Lax").contains("Secure");
  }

  @Test
  void signedInCallsNeedABearerToken() {
    var r = http.post("/api/articles", "{}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() {
    Api api = new Api(null);
    new PageRoutes(null, null, null, null, "US").register(api);
    new AccountPages(null, null, null).register(api);
    new ConsolePages(null).register(api);
    new ApiRoutes(null, null, null).register(api);
    var routes = api.endpoints().stream().map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("gateway.yaml").operations()).isEqualTo(routes);
  }
}
