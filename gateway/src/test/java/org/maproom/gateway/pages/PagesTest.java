package org.maproom.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a {@code next} parameter may send a visitor: only a path on this site. */
class PagesTest {

  @Test
  void pathsOnThisSiteStay() {
    for (String path : List.of("/", "/account", "/articles/a-slug#comments", "/console/write?x=1&y=%2F")) {
      assertThat(Pages.local(path)).isEqualTo(path);
    }
  }

  @Test
  void anythingABrowserCouldReadAsAnotherSiteOrPekkoCannotParseIsHome() {
    for (String path : List.of("https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example/", "/\n/evil.example",
        "/\r\n/evil.example", "/ /evil.example", "/a\\b", "/\u0000", "/\u007f", "/%zz", "/" + "a".repeat(500), "evil", "")) {
      assertThat(Pages.local(path)).as(path).isEqualTo("/");
    }
    assertThat(Pages.local(null)).isEqualTo("/");
  }
}
