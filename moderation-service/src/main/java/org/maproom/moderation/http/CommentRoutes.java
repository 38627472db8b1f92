package org.maproom.moderation.http;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.readmodel.CommentQueries;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;

/** Comments: signed-in readers submit, moderators approve, everyone reads the approved ones. */
public final class CommentRoutes {
  private final ClusterSharding sharding;
  private final CommentQueries queries;
  private final Duration timeout;
  private final Clock clock;

  public CommentRoutes(ActorSystem<?> system, CommentQueries queries, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.queries = queries;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public Api register(Api api) {
    return api
        .get("/articles/{id}/comments", p -> Api.reply(queries.approved(p.get("id"), 200).thenApply(ModerationApi.CommentList::new)))
        .post("/articles/{id}/comments", p -> api.requireIdentity(who ->
            Api.json(ModerationApi.SubmitComment.class, body -> Api.reply(StatusCodes.CREATED, submit(who, p.get("id"), body)))))
        .get("/comments/pending", p -> api.requireRole(Identity.MODERATOR, who ->
            Api.reply(queries.pending(200).thenApply(ModerationApi.CommentList::new))))
        .post("/comments/{id}/approve", p -> api.requireRole(Identity.MODERATOR, who -> Api.reply(approve(who, p.get("id")))));
  }

  private CompletionStage<ModerationApi.Comment> submit(Identity author, String articleId, ModerationApi.SubmitComment body) {
    String commentId = UUID.randomUUID().toString();
    return queries.isPublished(articleId).thenCompose(published -> {
      if (!published) throw ProblemException.notFound("There is no published article '" + articleId + "'.");
      return comment(commentId).<Comment.View>askWithStatus(reply ->
          new Comment.Submit(articleId, author.accountId(), author.displayName(), body.body(), clock.instant(), reply), timeout);
    }).thenApply(CommentRoutes::toDto);
  }

  private CompletionStage<ModerationApi.Comment> approve(Identity moderator, String commentId) {
    return comment(commentId)
        .<Comment.View>askWithStatus(reply -> new Comment.Approve(moderator.accountId(), clock.instant(), reply), timeout)
        .thenApply(CommentRoutes::toDto);
  }

  private EntityRef<Comment.Command> comment(String id) {
    if (id.length() > 64) throw ProblemException.notFound("There is no such comment.");
    return sharding.entityRefFor(Comment.ENTITY_KEY, id);
  }

  private static ModerationApi.Comment toDto(Comment.View v) {
    return new ModerationApi.Comment(v.id(), v.articleId(), v.authorId(), v.authorName(), v.body(), v.status().name(), v.createdAt());
  }
}
