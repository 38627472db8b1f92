package org.maproom.contracts.http;

import java.time.Instant;
import java.util.List;

/** The bodies of content-service's HTTP API (docs/api/content-service.yaml). */
public final class ContentApi {
  private ContentApi() {}

  /** {@code slug} is optional: derived from the title when absent. It becomes the article's id. */
  public record CreateArticle(String slug, String title, String dek, String section, String body) {}

  public record Article(
      String id,
      String slug,
      String status,
      String title,
      String dek,
      String section,
      String authorName,
      String bodyHtml,
      Instant createdAt,
      Instant publishedAt) {}

  public record ArticleSummary(String id, String slug, String title, String dek, String section, Instant publishedAt) {}

  public record ArticleList(List<ArticleSummary> items) {}
}
