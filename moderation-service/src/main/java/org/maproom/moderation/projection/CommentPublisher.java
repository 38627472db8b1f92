package org.maproom.moderation.projection;

import java.util.Optional;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.moderation.domain.Comment;
import org.maproom.platform.projection.EventMeta;

/** Maps the Comment's internal events to the public ones on maproom.moderation.v1, from the event alone. */
public final class CommentPublisher {
  private CommentPublisher() {}

  public static Optional<ModerationEvent> toPublic(Comment.Event event, EventMeta meta) {
    if (event instanceof Comment.Approved a) {
      return Optional.of(new ModerationEvent.CommentApproved(
          meta.eventId(), meta.occurredAt(), a.articleId(), a.commentId(), a.authorName(), a.body(), a.at()));
    }
    return Optional.empty(); // Submitted: pending comments are private
  }
}
