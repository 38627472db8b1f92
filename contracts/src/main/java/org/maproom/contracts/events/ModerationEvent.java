package org.maproom.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** Events on {@code maproom.moderation.v1}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ModerationEvent.CommentApproved.class, name = "CommentApproved"),
  @JsonSubTypes.Type(value = ModerationEvent.CommentRemoved.class, name = "CommentRemoved"),
  @JsonSubTypes.Type(value = ModerationEvent.AccountErased.class, name = "AccountErased")
})
public sealed interface ModerationEvent extends PublicEvent {

  /**
   * A comment became visible (or visible again). {@code body} is as its author wrote it; {@code bodyHtml} is it
   * rendered safely (escaped, line breaks, http(s) links with rel="nofollow ugc noopener"), ready to show.
   */
  record CommentApproved(
      String eventId,
      Instant occurredAt,
      String articleId,
      String commentId,
      String authorDisplayName,
      String body,
      Instant approvedAt,
      String bodyHtml)
      implements ModerationEvent {}

  /** A visible comment was taken down (by a moderator, or its author's account was erased). */
  record CommentRemoved(String eventId, Instant occurredAt, String articleId, String commentId) implements ModerationEvent {}

  /**
   * A reader deleted their account: every service erases what it holds about {@code accountId} (keyed by it, as it
   * concerns no article). Their comments follow as CommentRemoved, or stay under "Deleted account".
   */
  record AccountErased(String eventId, Instant occurredAt, String accountId, Instant erasedAt) implements ModerationEvent {
    @Override
    public String articleId() {
      return null;
    }

    @Override
    public String key() {
      return accountId;
    }
  }
}
