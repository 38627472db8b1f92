package org.maproom.content.projection;

import java.util.Optional;
import org.maproom.content.domain.Article;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.platform.projection.EventMeta;

/** Maps the Article's internal events to the public ones on maproom.content.v1, from the event alone. */
public final class ArticlePublisher {
  private final String publicBaseUrl;

  public ArticlePublisher(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  public Optional<ContentEvent> toPublic(Article.Event event, EventMeta meta) {
    if (event instanceof Article.Published p) {
      return Optional.of(new ContentEvent.ArticlePublished(
          meta.eventId(), meta.occurredAt(), p.articleId(), p.articleId(), publicBaseUrl + "/articles/" + p.articleId(),
          p.title(), p.dek(), p.section(), p.authorName(), p.publishedAt()));
    }
    return Optional.empty(); // Created: drafts are private
  }
}
