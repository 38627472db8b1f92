package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.testkit.JsonHttp;

/**
 * Attacks played through the gateway over real HTTP, each asserting its bound and that honest readers elsewhere are
 * unaffected (docs/threat-model.md). The gateway trusts one proxy hop, as behind the Ingress: a request's address is
 * the last X-Forwarded-For entry, which the test writes as the Ingress would.
 */
class AbuseTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static WholeSystem whole;
  static JsonHttp gateway;
  static Map<String, String> admin;

  @BeforeAll
  static void start() {
    whole = new WholeSystem(Map.of("gateway.trusted-proxy-hops", 1, "gateway.live-streams-per-address", 3));
    gateway = whole.gateway;
    admin = WholeSystem.bearer(whole.signIn(WholeSystem.ADMIN_EMAIL, WholeSystem.ADMIN_PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (whole != null) whole.close();
  }

  /** A request as the Ingress forwards it: whatever the client claimed, then the address the Ingress saw. */
  static Map<String, String> from(String address, String claimed) {
    return Map.of("X-Forwarded-For", claimed == null ? address : claimed + ", " + address);
  }

  static EngagementApi.Counters counters(String slug) {
    return gateway.get("/api/articles/" + slug + "/counters").as(EngagementApi.Counters.class);
  }

  static String published(String slug) {
    assertThat(gateway.post("/api/articles", ContentApi.ArticleInput.of(slug, "Target " + slug, "", "Body."), admin).status()).isEqualTo(201);
    assertThat(gateway.post("/api/articles/" + slug + "/publish", "", admin).status()).isEqualTo(200);
    // Readable once both content-service's read model (the page) and engagement-service (the counters) have it.
    await().atMost(PATIENCE).until(() -> gateway.get("/api/articles/" + slug + "/counters").status() == 200);
    await().atMost(PATIENCE).until(() -> gateway.get("/articles/" + slug, Map.of("User-Agent", "readiness probe (bot)")).status() == 200);
    return slug;
  }

  @Test
  void aScriptLoadingThePageFromOneAddressMovesViewsReachAndInboundByAtMostItsBudget() {
    String slug = published("inflate-me");
    // 120 loads, a new cookie each (none sent), utm_source set, and a made-up X-Forwarded-For entry of its own.
    for (int i = 0; i < 120; i++) {
      var page = gateway.get("/articles/" + slug + "?utm_source=bot" + i, from("203.0.113.66", "10.9.8." + (i % 250)));
      assertThat(page.status()).as("answered as usual").isEqualTo(200);
    }
    // Honest readers elsewhere, two of them behind one NAT.
    for (String address : new String[] {"198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.3"}) {
      assertThat(gateway.get("/articles/" + slug, from(address, null)).status()).isEqualTo(200);
    }
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(counters(slug).views()).isEqualTo(30 + 4));
    var c = counters(slug);
    assertThat(c.reach()).isEqualTo(30 + 4);
    assertThat(c.inbound()).as("inbound counted only with a counted view").isEqualTo(30);
  }

  @Test
  void strangersFailingToSignInNeverLockTheOwnerOutAndTheBodyCannotChooseTheAddress() {
    assertThat(gateway.post("/api/accounts", new ModerationApi.SignUp("victim@example.org", "Vic Tim", "the victim's password")).status())
        .isEqualTo(202);
    var attacker = from("203.0.113.99", null);
    int refused = 0;
    for (int i = 0; i < 15; i++) {
      int status = gateway.post("/api/sessions", new ModerationApi.SignIn("victim@example.org", "guess " + i, "198.51.100." + i), attacker)
          .status();
      assertThat(status).isIn(401, 429);
      if (status == 429) refused++;
    }
    assertThat(refused).as("the attacker's address is stopped after 10 failures, whatever ip its body claims").isEqualTo(5);
    var owner = gateway.post("/api/sessions", new ModerationApi.SignIn("victim@example.org", "the victim's password"), from("192.0.2.10", null));
    assertThat(owner.status()).as("the owner, from an address that has not failed").isEqualTo(201);
    var ownerAgain = gateway.post("/api/sessions", new ModerationApi.SignIn("victim@example.org", "the victim's password"), from("192.0.2.10", null));
    assertThat(ownerAgain.status()).as("successes spend nothing").isEqualTo(201);
  }

  /** A live stream on a connection of its own: its status as soon as the headers are in; closing it closes the connection. */
  record Stream(java.net.Socket socket, int status) implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }

  static Stream stream(String slug, String address) throws Exception {
    var gatewayUrl = java.net.URI.create(whole.system.gatewayUrl());
    var socket = new java.net.Socket("127.0.0.1", gatewayUrl.getPort());
    socket.getOutputStream().write(("GET /api/articles/" + slug + "/live HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + JsonHttp.BROWSER
        + "\r\nX-Forwarded-For: " + address + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    var statusLine = new StringBuilder();
    for (int b = socket.getInputStream().read(); b != '\n' && b != -1; b = socket.getInputStream().read()) statusLine.append((char) b);
    return new Stream(socket, Integer.parseInt(statusLine.toString().split(" ")[1]));
  }

  @Test
  void liveStreamsAreCappedPerAddressAndOnlyForPublishedArticles() throws Exception {
    String slug = published("streamed");
    List<Stream> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(stream(slug, "203.0.113.77"));
        assertThat(open.get(i).status()).isEqualTo(200);
      }
      try (var fourth = stream(slug, "203.0.113.77")) {
        assertThat(fourth.status()).as("the fourth at once from one address").isEqualTo(429);
      }
      open.add(stream(slug, "198.51.100.77"));
      assertThat(open.get(3).status()).as("another address").isEqualTo(200);
      try (var madeUp = stream("no-such-article", "198.51.100.78")) {
        assertThat(madeUp.status()).isEqualTo(404);
      }
      // Closing one frees its place.
      open.remove(0).close();
      await().atMost(PATIENCE).until(() -> {
        var again = stream(slug, "203.0.113.77");
        if (again.status() == 200) open.add(again);
        else again.close();
        return again.status() == 200;
      });
    } finally {
      for (var s : open) s.close();
    }
  }
}
