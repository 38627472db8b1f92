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

  @BeforeAll
  static void start() {
    Map<String, Object> config = new HashMap<>(LocalConfig.stateless(LocalConfig.Ports.free()));
    for (String s : new String[] {"content", "engagement", "moderation", "notify"}) {
      config.put("gateway.services." + s, "http://127.0.0.1:" + Ports.free()); // nothing listens there
    }
    config.put("gateway.services.timeout", "1s");
    gateway = ServiceRuntime.start(Main.NAME, ServiceConfig.load(Main.NAME, config), Main::init);
    http = new JsonHttp("http://127.0.0.1:" + gateway.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().toCompletableFuture().get();
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
    new PageRoutes(null, null, null, null, "x", "US").register(api);
    new AccountPages(null, null, null).register(api);
    new ConsolePages(null).register(api);
    new ApiRoutes(null, null, null).register(api);
    var routes = api.endpoints().stream().map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
    assertThat(OpenApiSpec.load("gateway.yaml").operations()).isEqualTo(routes);
  }
}
