package org.maproom.moderation.projection;

import java.util.Optional;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.domain.CommentText;
import org.maproom.platform.projection.EventMeta;

/**
 * Maps the Comment's internal events to the public ones on maproom.moderation.v1, from the event alone: a comment
 * that becomes visible is CommentApproved (with the text readers see), one that stops being visible is CommentRemoved.
 */
public final class CommentPublisher {
  private CommentPublisher() {}

  public static Optional<ModerationEvent> toPublic(Comment.Event event, EventMeta meta) {
    if (event instanceof Comment.Approved a) {
      return Optional.of(new ModerationEvent.CommentApproved(
          meta.eventId(), meta.occurredAt(), a.articleId(), a.commentId(), a.authorName(), a.body(), a.at(), CommentText.html(a.body())));
    }
    if (event instanceof Comment.Restored r) {
      return Optional.of(new ModerationEvent.CommentApproved(
          meta.eventId(), meta.occurredAt(), r.articleId(), r.commentId(), r.authorName(), r.body(), r.at(), CommentText.html(r.body())));
    }
    if (event instanceof Comment.AuthorErased e) {
      if (e.status() == Comment.Status.approved) { // left up under "Deleted account": the name readers see changes
        return Optional.of(new ModerationEvent.CommentApproved(meta.eventId(), meta.occurredAt(), e.articleId(), e.commentId(),
            Comment.ERASED_AUTHOR_NAME, e.body(), e.at(), CommentText.html(e.body())));
      }
      return e.wasVisible()
          ? Optional.of(new ModerationEvent.CommentRemoved(meta.eventId(), meta.occurredAt(), e.articleId(), e.commentId()))
          : Optional.empty();
    }
    if (event instanceof Comment.Removed || (event instanceof Comment.Edited e && e.wasVisible())
        || (event instanceof Comment.Reported r && r.toQueue())) {
      return Optional.of(new ModerationEvent.CommentRemoved(meta.eventId(), meta.occurredAt(), event.articleId(), event.commentId()));
    }
    return Optional.empty(); // submitted, rejected, edited while pending, reported below the threshold: nothing changes on the page
  }
}
