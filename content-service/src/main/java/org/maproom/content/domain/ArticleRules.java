package org.maproom.content.domain;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.maproom.content.domain.Article.Content;
import org.maproom.content.domain.Article.Cover;
import org.maproom.content.domain.Article.Draft;
import org.maproom.content.domain.Article.Poll;
import org.maproom.content.domain.Article.PollOption;
import org.maproom.content.domain.Article.Promo;
import org.maproom.content.domain.Article.Seo;

/**
 * What a valid article is, and its rendering: pure functions, used by the entity for every write and by routes to
 * refuse bad input before claiming a slug.
 */
public final class ArticleRules {
  public static final String DEFAULT_SECTION = "Commentary";
  static final int MAX_TITLE = 200;
  static final int MAX_DEK = 300;
  static final int MAX_SECTION = 60;
  static final int MAX_TAGS = 10;
  static final int MAX_TAG = 40;
  public static final int MAX_BODY = 200_000;
  static final int MAX_URL = 2_000;
  static final int MIN_OPTIONS = 2;
  static final int MAX_OPTIONS = 6;
  static final int MAX_READ_NEXT = 5;
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} -]*");
  private static final int WORDS_PER_MINUTE = 230;

  private ArticleRules() {}

  /** A rendered article, or why it is not one. */
  public sealed interface Outcome {}

  public record Valid(Content content) implements Outcome {}

  public record Invalid(String reason) implements Outcome {}

  public static Outcome render(Draft d, String articleId, Instant now) {
    try {
      String title = required(d.title(), "title", MAX_TITLE);
      String dek = optional(d.dek(), "dek", MAX_DEK);
      String section = optional(d.section(), "section", MAX_SECTION);
      String body = d.bodyMarkdown() == null ? "" : d.bodyMarkdown();
      if (body.isBlank()) throw new IllegalArgumentException("The body must not be empty.");
      if (body.length() > MAX_BODY) throw new IllegalArgumentException("The body must be at most " + MAX_BODY + " characters.");
      return new Valid(new Content(title, dek, section.isEmpty() ? DEFAULT_SECTION : section, tags(d.tags()), body,
          Markdown.toSafeHtml(body), readingMinutes(body), cover(d.cover()), seo(d.seo()), poll(d.poll(), now),
          promo(d.promo()), readNext(d.readNext(), articleId)));
    } catch (IllegalArgumentException e) {
      return new Invalid(e.getMessage());
    }
  }

  static int readingMinutes(String markdown) {
    int words = markdown.isBlank() ? 0 : markdown.strip().split("\\s+").length;
    return Math.max(1, (int) Math.ceil(words / (double) WORDS_PER_MINUTE));
  }

  private static List<String> tags(List<String> tags) {
    if (tags == null) return List.of();
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String t : tags) {
      String tag = t == null ? "" : t.strip().toLowerCase(Locale.ROOT);
      if (tag.isEmpty() || tag.length() > MAX_TAG || !TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("A tag is 1 to " + MAX_TAG + " letters, digits, spaces or hyphens.");
      }
      out.add(tag);
    }
    if (out.size() > MAX_TAGS) throw new IllegalArgumentException("At most " + MAX_TAGS + " tags.");
    return List.copyOf(out);
  }

  private static Cover cover(Cover c) {
    if (c == null || (blank(c.url()) && blank(c.alt()))) return null;
    String url = webUrl(c.url(), "The cover image");
    String alt = required(c.alt(), "cover image's alt text", 300);
    return new Cover(url, alt);
  }

  private static Seo seo(Seo s) {
    if (s == null || (blank(s.title()) && blank(s.description()) && blank(s.ogTitle()) && blank(s.ogDescription())
        && blank(s.ogImage()))) {
      return null;
    }
    return new Seo(optional(s.title(), "SEO title", 120), optional(s.description(), "SEO description", 300),
        optional(s.ogTitle(), "OpenGraph title", 120), optional(s.ogDescription(), "OpenGraph description", 300),
        blank(s.ogImage()) ? "" : webUrl(s.ogImage(), "The OpenGraph image"));
  }

  private static Poll poll(Poll p, Instant now) {
    if (p == null) return null;
    String question = required(p.question(), "poll question", 200);
    List<PollOption> options = p.options() == null ? List.of() : p.options();
    if (options.size() < MIN_OPTIONS || options.size() > MAX_OPTIONS) {
      throw new IllegalArgumentException("A poll has " + MIN_OPTIONS + " to " + MAX_OPTIONS + " options.");
    }
    List<PollOption> out = new ArrayList<>();
    LinkedHashSet<String> labels = new LinkedHashSet<>();
    for (int i = 0; i < options.size(); i++) {
      String label = required(options.get(i).label(), "poll option", 100);
      if (!labels.add(label.toLowerCase(Locale.ROOT))) throw new IllegalArgumentException("Poll options must differ.");
      out.add(new PollOption(Integer.toString(i + 1), label));
    }
    if (p.closesAt() != null && !p.closesAt().isAfter(now)) {
      throw new IllegalArgumentException("The poll's closing time must be in the future.");
    }
    return new Poll(question, List.copyOf(out), p.closesAt());
  }

  private static Promo promo(Promo p) {
    if (p == null) return null;
    String text = required(p.text(), "promotion text", 200);
    String link = webUrl(p.link(), "The promotion link");
    if (p.discountPercent() != null && (p.discountPercent() < 1 || p.discountPercent() > 99)) {
      throw new IllegalArgumentException("The discount is 1 to 99 percent.");
    }
    return new Promo(text, optional(p.price(), "price", 20), optional(p.originalPrice(), "original price", 20),
        p.discountPercent(), link);
  }

  private static List<String> readNext(List<String> picks, String articleId) {
    if (picks == null) return List.of();
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String slug : picks) {
      if (!Slugs.isValid(slug)) throw new IllegalArgumentException("Read-next picks are article slugs.");
      if (!slug.equals(articleId)) out.add(slug);
    }
    if (out.size() > MAX_READ_NEXT) throw new IllegalArgumentException("At most " + MAX_READ_NEXT + " read-next picks.");
    return List.copyOf(out);
  }

  private static String webUrl(String value, String what) {
    String url = value == null ? "" : value.strip();
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (url.length() <= MAX_URL && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) return url;
    } catch (java.net.URISyntaxException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(what + " must be an http(s) URL.");
  }

  private static String required(String value, String what, int max) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) throw new IllegalArgumentException("The " + what + " must not be empty.");
    if (v.length() > max) throw new IllegalArgumentException("The " + what + " must be at most " + max + " characters.");
    return v;
  }

  private static String optional(String value, String what, int max) {
    String v = value == null ? "" : value.strip();
    if (v.length() > max) throw new IllegalArgumentException("The " + what + " must be at most " + max + " characters.");
    return v;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
