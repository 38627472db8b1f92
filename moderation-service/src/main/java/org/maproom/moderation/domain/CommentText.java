package org.maproom.moderation.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comment as HTML, never as the HTML its author wrote: every character escaped, line breaks kept, and http(s) links
 * made clickable with {@code rel="nofollow ugc noopener"} (no reward for spam, no access to the opener).
 */
public final class CommentText {
  // A link ends at whitespace, at a character that cannot be in an unescaped attribute, or before closing punctuation.
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+?(?=[.,;:!?)\\]]*(?:\\s|$|[<>\"'`]))");

  private CommentText() {}

  public static String html(String body) {
    StringBuilder out = new StringBuilder();
    Matcher m = URL.matcher(body);
    int at = 0;
    while (m.find()) {
      out.append(escape(body.substring(at, m.start())));
      String url = escape(m.group());
      out.append("<a href=\"").append(url).append("\" rel=\"nofollow ugc noopener\">").append(url).append("</a>");
      at = m.end();
    }
    out.append(escape(body.substring(at)));
    return out.toString().replace("\r\n", "\n").replace("\n", "<br>\n");
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
