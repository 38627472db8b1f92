package org.maproom.content.projection;

import java.util.Optional;
import org.maproom.content.domain.Article;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.platform.projection.EventMeta;

/**
 * Maps the Article's internal events to the public ones on maproom.content.v1, from the event alone: every event
 * that changes what readers see carries the live view.
 */
public final class ArticlePublisher {
  private final String publicBaseUrl;

  public ArticlePublisher(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  public Optional<ContentEvent> toPublic(Article.Event event, EventMeta meta) {
    if (event instanceof Article.Published p) {
      var v = p.live();
      return Optional.of(new ContentEvent.ArticlePublished(meta.eventId(), meta.occurredAt(), p.articleId(), v.slug(),
          url(v.slug()), v.content().title(), v.content().dek(), v.content().section(), v.content().tags(),
          v.authorName(), v.publishedAt(), poll(v.content().poll())));
    }
    if (event instanceof Article.Edited e && e.live() != null) return updated(e.articleId(), e.live(), meta);
    if (event instanceof Article.SlugChanged e && e.live() != null) return updated(e.articleId(), e.live(), meta);
    if (event instanceof Article.Unpublished u) {
      return Optional.of(new ContentEvent.ArticleUnpublished(meta.eventId(), meta.occurredAt(), u.articleId(), u.slug()));
    }
    return Optional.empty(); // drafts and schedules are private
  }

  private Optional<ContentEvent> updated(String articleId, Article.LiveView v, EventMeta meta) {
    return Optional.of(new ContentEvent.ArticleUpdated(meta.eventId(), meta.occurredAt(), articleId, v.slug(),
        url(v.slug()), v.content().title(), v.content().dek(), v.content().section(), v.content().tags(), v.authorName(),
        v.publishedAt(), poll(v.content().poll())));
  }

  private String url(String slug) {
    return publicBaseUrl + "/articles/" + slug;
  }

  private static ContentEvent.Poll poll(Article.Poll p) {
    if (p == null) return null;
    return new ContentEvent.Poll(p.question(),
        p.options().stream().map(o -> new ContentEvent.Option(o.id(), o.label())).toList(), p.closesAt());
  }
}
