package org.maproom.platform;

/**
 * What text the services accept, decided once: any Unicode except control characters (tab, line feed and carriage
 * return apart), unpaired surrogates and the non-characters U+FFFE and U+FFFF. They cannot be shown, XML (feeds,
 * sitemaps) cannot carry them, and no reader types them. Request bodies holding them are refused with 422
 * ({@link org.maproom.platform.http.RequestJson}); renderers of older stored text use {@link #forXml}.
 */
public final class Text {
  private Text() {}

  /** Why {@code s} is refused, or null when it is acceptable. */
  public static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "holds half of a surrogate pair (text that is not valid Unicode)";
      } else if (!allowed(c)) {
        return String.format("holds the control character U+%04X", (int) c);
      }
    }
    return null;
  }

  /** {@code s} with every character XML 1.0 cannot carry replaced by U+FFFD, for text stored before the rule. */
  public static String forXml(String s) {
    if (s == null || problem(s) == null) return s;
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) || !allowed(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  private static boolean allowed(char c) {
    if (c == '\t' || c == '\n' || c == '\r') return true;
    return c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && c != '\uFFFE' && c != '\uFFFF';
  }
}
