package org.maproom.contracts.http;

import java.time.Instant;
import java.util.List;

/** The bodies of content-service's HTTP API (docs/api/content-service.yaml). */
public final class ContentApi {
  private ContentApi() {}

  /**
   * What the writer sends to create or edit an article. {@code slug} (create only) is derived from the title when
   * absent and becomes the article's id; {@code body} is Markdown. Everything but title and body is optional.
   */
  public record ArticleInput(
      String slug, String title, String dek, String section, List<String> tags, String body, Cover cover, Seo seo,
      PollInput poll, Promo promo, List<String> readNext) {
    public static ArticleInput of(String slug, String title, String dek, String body) {
      return new ArticleInput(slug, title, dek, null, null, body, null, null, null, null, null);
    }
  }

  public record Cover(String url, String alt) {}

  /** Search and social previews; the OpenGraph ones fall back to the title, dek and cover when empty. */
  public record Seo(String title, String description, String ogTitle, String ogDescription, String ogImage) {}

  public record PollInput(String question, List<String> options, Instant closesAt) {}

  public record Poll(String question, List<Option> options, Instant closesAt) {}

  public record Option(String id, String label) {}

  /** The promotion banner: text and link, with a price and either the original price or a discount. */
  public record Promo(String text, String price, String originalPrice, Integer discountPercent, String link) {}

  /** The site's settings; {@code defaultPromo} shows on articles that set no promotion of their own. */
  public record Site(String publication, String writerName, String writerBio, List<Link> supportLinks, Promo defaultPromo,
      List<String> reactionKinds, Instant updatedAt) {}

  public record Link(String label, String url) {}

  public record EditArticle(ArticleInput article, String reason) {}

  public record Schedule(Instant publishAt) {}

  public record ChangeSlug(String slug) {}

  public record Preview(String body) {}

  public record PreviewHtml(String html, int readingMinutes) {}

  public record Article(
      String id,
      String slug,
      String status,
      String title,
      String dek,
      String section,
      List<String> tags,
      String authorId,
      String authorName,
      String bodyMarkdown,
      String bodyHtml,
      int readingMinutes,
      Cover cover,
      Seo seo,
      Poll poll,
      Promo promo,
      List<String> readNext,
      List<String> retiredSlugs,
      int revision,
      Instant createdAt,
      Instant updatedAt,
      Instant publishAt,
      Instant publishedAt) {}

  public record ArticleSummary(
      String id, String slug, String title, String dek, String section, List<String> tags, String authorName,
      String coverUrl, int readingMinutes, Instant publishedAt) {}

  /** A page of articles; {@code next} is the cursor of the following page, null on the last one. */
  public record ArticleList(List<ArticleSummary> items, String next) {
    public ArticleList(List<ArticleSummary> items) {
      this(items, null);
    }
  }

  /** Where a slug leads: {@code slug} is the article's current one (a different one means: redirect). */
  public record SlugTarget(String articleId, String slug) {}

  public record Revision(int number, String reason, String title, Instant at) {}

  public record RevisionList(List<Revision> items) {}

  /** What changed between two revisions: each field that differs, and a line diff of the body. */
  public record RevisionDiff(int from, int to, List<FieldChange> fields, List<String> bodyDiff) {}

  public record FieldChange(String field, String from, String to) {}
}
