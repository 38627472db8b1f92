package org.maproom.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** Events on {@code maproom.content.v1}: each carries the article's full public view, so consumers never call back. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ContentEvent.ArticlePublished.class, name = "ArticlePublished")})
public sealed interface ContentEvent extends PublicEvent {

  record ArticlePublished(
      String eventId,
      Instant occurredAt,
      String articleId,
      String slug,
      String url,
      String title,
      String dek,
      String section,
      String authorName,
      Instant publishedAt)
      implements ContentEvent {}
}
