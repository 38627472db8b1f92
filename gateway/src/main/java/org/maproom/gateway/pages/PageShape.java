package org.maproom.gateway.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A page rendered once with holes where each reader's own values go (their tokens, the counters after their view).
 * Rendering (the template, its escaping, the UTF-8 encoding) happens once per change of what the page shows; a
 * request only copies bytes and its values in.
 *
 * <p>A hole is a marker the template writes like any text: {@link #hole(String)} while rendering. The marker holds
 * 64 random bits drawn once per process, so text a writer or a commenter typed cannot make one.
 */
final class PageShape {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String MARK = "{{hole-" + HexFormat.of().formatHex(randomBytes(8)) + ":";
  private static final String END = "}}";

  /** A page filled for one request; its ETag names the shape and the values filled in. */
  record Filled(byte[] body, String etag) {}

  private final byte[][] segments;
  private final String[] holes;
  private final int fixedLength;
  /** Tells this shape from any other (the ETag of a filled page starts with it). */
  private final String id = HexFormat.of().formatHex(randomBytes(6));

  private PageShape(byte[][] segments, String[] holes) {
    this.segments = segments;
    this.holes = holes;
    int length = 0;
    for (byte[] s : segments) length += s.length;
    this.fixedLength = length;
  }

  /** The marker for the value named {@code name}; write it in the template where the value goes. */
  static String hole(String name) {
    return MARK + name + END;
  }

  /** The rendered text cut at its holes. */
  static PageShape of(String rendered) {
    List<byte[]> segments = new ArrayList<>();
    List<String> holes = new ArrayList<>();
    int from = 0;
    for (int at = rendered.indexOf(MARK); at >= 0; at = rendered.indexOf(MARK, from)) {
      int end = rendered.indexOf(END, at + MARK.length());
      segments.add(rendered.substring(from, at).getBytes(StandardCharsets.UTF_8));
      holes.add(rendered.substring(at + MARK.length(), end));
      from = end + END.length();
    }
    segments.add(rendered.substring(from).getBytes(StandardCharsets.UTF_8));
    return new PageShape(segments.toArray(byte[][]::new), holes.toArray(String[]::new));
  }

  /**
   * The page with every hole filled from {@code values} (HTML-escaped; a name without a value leaves the hole
   * empty).
   */
  Filled fill(Map<String, String> values) {
    byte[][] filled = new byte[holes.length][];
    int length = fixedLength;
    var digest = sha256();
    for (int i = 0; i < holes.length; i++) {
      String value = values.get(holes[i]);
      filled[i] = value == null ? new byte[0] : escape(value).getBytes(StandardCharsets.UTF_8);
      length += filled[i].length;
      digest.update(filled[i]);
      digest.update((byte) 0);
    }
    byte[] page = new byte[length];
    int at = 0;
    for (int i = 0; i < segments.length; i++) {
      System.arraycopy(segments[i], 0, page, at, segments[i].length);
      at += segments[i].length;
      if (i < filled.length) {
        System.arraycopy(filled[i], 0, page, at, filled[i].length);
        at += filled[i].length;
      }
    }
    return new Filled(page, id + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 16));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String escape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
      }
    }
    return value;
  }
}
