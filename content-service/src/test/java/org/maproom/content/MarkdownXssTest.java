package org.maproom.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.maproom.content.domain.Markdown;

/** Known XSS payloads in Markdown come out inert: allowed tags only, no handlers, only safe URL schemes. */
class MarkdownXssTest {
  static final List<String> PAYLOADS = List.of(
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
      "<img src=x onerror=alert(1)>",
      "<svg onload=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
      "<embed src=\"javascript:alert(1)\">",
      "<body onload=alert(1)>",
      "<a href=\"javascript:alert(1)\">click</a>",
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](javascript&#58;alert(1))",
      "[click](&#106;avascript:alert(1))",
      "[click](vbscript:msgbox(1))",
      "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "![x](javascript:alert(1))",
      "![x\" onerror=\"alert(1)](https://img.example/a.png)",
      "[a](https://ok.example \"title\\\" onmouseover=alert(1)\")",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<style>body{background:url(javascript:alert(1))}</style>",
      "<link rel=stylesheet href=//evil.example/x.css>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<form action=javascript:alert(1)><input type=submit></form>",
      "<details open ontoggle=alert(1)>",
      "<video><source onerror=alert(1)></video>",
      "<audio src=x onerror=alert(1)>",
      "<input autofocus onfocus=alert(1)>",
      "<marquee onstart=alert(1)>x</marquee>",
      "<!--<img src=x onerror=alert(1)>-->",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
      "<base href=\"javascript:alert(1)//\">",
      "<a href=\"\u0001javascript:alert(1)\">x</a>",
      "`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```",
      "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |");

  private static final Set<String> ALLOWED_TAGS = Set.of("p", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol",
      "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "del", "b", "i", "u", "s",
      "sub", "sup", "small", "big", "tt", "strike", "div", "span", "font");

  @Test
  void everyPayloadComesOutInert() {
    assertThat(PAYLOADS).hasSizeGreaterThanOrEqualTo(30);
    for (String payload : PAYLOADS) {
      String html = Markdown.toSafeHtml(payload);
      for (Element e : Jsoup.parseBodyFragment(html).body().getAllElements()) {
        if (e.tagName().equals("body")) continue;
        assertThat(ALLOWED_TAGS).as(payload + " → " + html).contains(e.tagName());
        for (Attribute a : e.attributes()) {
          assertThat(a.getKey()).as(payload + " → " + html).doesNotStartWith("on").isNotEqualTo("style");
          if (a.getKey().equals("href") || a.getKey().equals("src")) {
            assertThat(a.getValue().toLowerCase()).as(payload + " → " + html)
                .matches("|(https?:|mailto:|#|/|[a-z0-9.]).*").doesNotContain("javascript:").doesNotContain("data:");
          }
        }
      }
    }
  }

  @Test
  void ordinaryMarkdownSurvives() {
    String html = Markdown.toSafeHtml("# Title\n\nSome *em* and **strong**, a [link](https://example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    var doc = Jsoup.parseBodyFragment(html);
    assertThat(doc.select("h1").text()).isEqualTo("Title");
    assertThat(doc.select("a[href=https://example.org]").text()).isEqualTo("link");
    assertThat(doc.select("table td")).hasSize(2);
  }
}
