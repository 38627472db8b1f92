package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.maproom.engagement.domain.Bots;
import org.maproom.engagement.domain.Inbound;
import org.maproom.testkit.JsonHttp;

class InboundAndBotsTest {
  private final Inbound inbound = new Inbound("www.maproom.example", Set.of("semalt.com"));

  @Test
  void theLinksOwnSourceWinsOverTheReferer() {
    assertThat(inbound.domainOf("newsletter", "https://news.ycombinator.com/")).contains("newsletter");
    assertThat(inbound.domainOf("https://www.Bsky.app/profile/x", null)).contains("bsky.app");
    assertThat(inbound.domainOf("  ", "https://news.ycombinator.com/item?id=1")).contains("news.ycombinator.com");
  }

  @Test
  void refererHostsAreNormalized() {
    assertThat(inbound.domainOf(null, "https://WWW.Example.ORG./a?b=c")).contains("example.org");
    assertThat(inbound.domainOf(null, "android-app://com.slack/")).contains("com.slack");
  }

  @Test
  void theSiteItselfLocalhostSpamAndNonsenseAreNotInbound() {
    for (String referer : new String[] {"https://maproom.example/articles/x", "https://www.maproom.example/", "http://localhost:8080/",
        "http://127.0.0.1/", "https://semalt.com/", "https://seo.semalt.com/crawler", "not a url", "", "javascript:alert(1)"}) {
      assertThat(inbound.domainOf(null, referer)).as(referer).isEmpty();
    }
    assertThat(inbound.domainOf("<script>", null)).isEmpty();
    assertThat(inbound.domainOf("x".repeat(100), null)).as("too long for a domain").isEmpty();
    assertThat(inbound.domainOf(null, null)).isEmpty();
  }

  @Test
  void crawlersPreviewersHeadlessBrowsersAndScriptsAreNotReaders() {
    Bots bots = new Bots(List.of("bot", "headless", "curl/", "facebookexternalhit"));
    assertThat(bots.dropReason(JsonHttp.BROWSER)).isEmpty();
    assertThat(bots.dropReason("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).isEmpty();
    assertThat(bots.dropReason("Mozilla/5.0 (compatible; Googlebot/2.1)")).isEqualTo(Optional.of("bot"));
    assertThat(bots.dropReason("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36")).contains("bot");
    assertThat(bots.dropReason("facebookexternalhit/1.1")).contains("bot");
    assertThat(bots.dropReason("curl/8.5.0")).contains("bot");
    assertThat(bots.dropReason(null)).contains("no-user-agent");
    assertThat(bots.dropReason(" ")).contains("no-user-agent");
  }
}
