package org.maproom.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * Events on {@code maproom.content.v1}. Published and Updated carry the article's full public view, so consumers
 * never call back; {@code articleId} never changes, while {@code slug} and {@code url} follow slug changes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ContentEvent.ArticlePublished.class, name = "ArticlePublished"),
  @JsonSubTypes.Type(value = ContentEvent.ArticleUpdated.class, name = "ArticleUpdated"),
  @JsonSubTypes.Type(value = ContentEvent.ArticleUnpublished.class, name = "ArticleUnpublished")
})
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
      List<String> tags,
      String authorName,
      Instant publishedAt,
      Poll poll)
      implements ContentEvent {}

  /** A live article changed (text, poll, slug...): the new full public view. */
  record ArticleUpdated(
      String eventId,
      Instant occurredAt,
      String articleId,
      String slug,
      String url,
      String title,
      String dek,
      String section,
      List<String> tags,
      String authorName,
      Instant publishedAt,
      Poll poll)
      implements ContentEvent {}

  /** The article was taken down: readers can no longer reach it. */
  record ArticleUnpublished(String eventId, Instant occurredAt, String articleId, String slug) implements ContentEvent {}

  /** An article's poll: {@code closesAt} null means it stays open. Option ids are stable across edits. */
  record Poll(String question, List<Option> options, Instant closesAt) {}

  record Option(String id, String label) {}
}
