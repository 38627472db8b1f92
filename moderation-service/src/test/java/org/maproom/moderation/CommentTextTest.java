package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.maproom.moderation.domain.CommentText;

class CommentTextTest {
  @Test
  void textIsEscapedLineBreaksAreKeptAndLinksAreNofollow() {
    assertThat(CommentText.html("Fish & <chips>\nsee https://example.org/a?b=1&c=2."))
        .isEqualTo("Fish &amp; &lt;chips&gt;<br>\nsee <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">"
            + "https://example.org/a?b=1&amp;c=2</a>.");
    assertThat(CommentText.html("(https://example.org/x)")).contains("href=\"https://example.org/x\"").endsWith("</a>)");
  }

  @Test
  void noCorpusOfHostileBodiesComesOutAsAnythingButTextBreaksAndSafeLinks() {
    String[] corpus = {
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
      "javascript:alert(1)", "https://example.org/\"onmouseover=\"alert(1)", "https://example.org/'><script>alert(1)</script>",
      "<svg><script>alert(1)</script></svg>", "<iframe src=//evil.example>", "&lt;script&gt;alert(1)&lt;/script&gt;",
      "<style>*{display:none}</style>", "<!--<img src=x onerror=alert(1)>-->", "https://exa<mple.org", "data:text/html,<script>alert(1)</script>",
      "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "\"><img src=x onerror=alert(1)>", "`onload=alert(1)`"
    };
    for (String body : corpus) {
      Document doc = Jsoup.parseBodyFragment(CommentText.html(body));
      for (Element e : doc.body().getAllElements()) {
        if (e == doc.body()) continue;
        assertThat(e.tagName()).as(body).isIn("a", "br");
        if (e.tagName().equals("a")) {
          assertThat(e.attributes().asList()).as(body).extracting(a -> a.getKey()).containsExactlyInAnyOrder("href", "rel");
          assertThat(e.attr("href")).as(body).startsWith("https://");
          assertThat(e.attr("rel")).isEqualTo("nofollow ugc noopener");
        }
      }
      assertThat(doc.body().text().replace("\u00a0", " ")).as("the text reads as written").isEqualTo(body.replace("\n", " ").strip());
    }
  }
}
