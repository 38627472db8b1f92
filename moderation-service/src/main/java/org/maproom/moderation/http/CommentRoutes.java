package org.maproom.moderation.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.pattern.StatusReply;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.domain.Screening;
import org.maproom.moderation.domain.Thread;
import org.maproom.moderation.readmodel.CommentQueries;
import org.maproom.platform.Rejection;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.Problems;
import org.maproom.platform.identity.Identity;

/**
 * Comments: signed-in readers submit and edit their own, everyone reads an article's approved ones in thread order,
 * moderators work the queues, decide (alone or in bulk, always with who, when and why) and read the decision logs.
 */
public final class CommentRoutes {
  private static final List<String> QUEUES = List.of("pending", "reported", "approved", "rejected", "removed");
  private static final int MAX_BULK = 100;
  private final ClusterSharding sharding;
  private final CommentQueries queries;
  private final Duration timeout;
  private final Clock clock;
  private final List<String> reasons;

  private final Screening screening;
  private final int reportsToQueue;

  /**
   * {@code reasons}: what a moderator may give for a rejection or removal, and a reader for a report (configuration);
   * {@code reportsToQueue}: how many open reports send a visible comment back to the queue.
   */
  public CommentRoutes(ActorSystem<?> system, CommentQueries queries, Clock clock, List<String> reasons, Screening screening,
      int reportsToQueue) {
    this.reportsToQueue = reportsToQueue;
    this.sharding = ClusterSharding.get(system);
    this.queries = queries;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
    this.reasons = reasons;
    this.screening = screening;
  }

  /** A decision a moderator takes on one comment. */
  private interface Decision extends BiFunction<Instant, ActorRef<StatusReply<Comment.View>>, Comment.Command> {}

  public Api register(Api api) {
    return api
        .get("/articles/{id}/comments", p -> Api.query(q -> Api.reply(
            queries.thread(p.get("id"), order(q.get("order")), q.get("cursor"), limit(q)))))
        .post("/articles/{id}/comments", p -> api.requireIdentity(who ->
            Api.json(ModerationApi.SubmitComment.class, body -> Api.reply(StatusCodes.CREATED, submit(who, p.get("id"), body)))))
        .put("/comments/{id}", p -> api.requireIdentity(who -> Api.json(ModerationApi.EditComment.class, body ->
            Api.reply(ask(p.get("id"), r -> new Comment.Edit(who.accountId(), body.body(), clock.instant(), r))))))
        .post("/comments/{id}/reports", p -> api.requireIdentity(who -> Api.json(ModerationApi.ReportComment.class, body -> {
          checkReason(body.reason());
          return Api.reply(ask(p.get("id"), r -> new Comment.Report(who.accountId(), body.reason(), reportsToQueue, clock.instant(), r)));
        })))
        .get("/comments", p -> api.requireRole(Identity.MODERATOR, who -> Api.query(q -> Api.reply(
            queries.queue(queue(q.getOrDefault("status", "pending")), q.get("articleId"), q.get("cursor"), limit(q))))))
        .get("/comments/{id}/context", p -> api.requireRole(Identity.MODERATOR, who -> Api.reply(
            queries.context(p.get("id")).thenApply(c -> c.orElseThrow(() -> ProblemException.notFound("There is no such comment."))))))
        .post("/comments/{id}/approve", p -> api.requireRole(Identity.MODERATOR, who ->
            Api.reply(decide(p.get("id"), approve(who)))))
        .post("/comments/{id}/reject", p -> api.requireRole(Identity.MODERATOR, who -> Api.json(ModerationApi.Reject.class, body ->
            Api.reply(decide(p.get("id"), reject(who, body.reason(), body.note()))))))
        .post("/comments/{id}/remove", p -> api.requireRole(Identity.MODERATOR, who -> Api.json(ModerationApi.Remove.class, body ->
            Api.reply(decide(p.get("id"), remove(who, body.reason()))))))
        .post("/comments/{id}/restore", p -> api.requireRole(Identity.MODERATOR, who ->
            Api.reply(decide(p.get("id"), restore(who)))))
        .post("/comments/bulk", p -> api.requireRole(Identity.MODERATOR, who -> Api.json(ModerationApi.Bulk.class, body ->
            Api.reply(bulk(who, body)))))
        .get("/moderators/{id}/decisions", p -> api.requireRole(Identity.MODERATOR, who -> Api.query(q -> Api.reply(
            queries.decisionsBy(p.get("id"), q.get("cursor"), limit(q))))));
  }

  /**
   * When the article was published. An article this service has not heard of yet may have been published a moment
   * ago (its event on its way through Kafka): asked again over about four seconds before the answer is 404.
   */
  private CompletionStage<Optional<Instant>> publishedAt(String articleId, int attempt) {
    return queries.publishedAt(articleId).thenCompose(found -> found.isPresent() || attempt == 5
        ? CompletableFuture.completedFuture(found)
        : CompletableFuture.supplyAsync(() -> attempt + 1, CompletableFuture.delayedExecutor(125L << attempt, TimeUnit.MILLISECONDS))
            .thenCompose(next -> publishedAt(articleId, next)));
  }

  /**
   * The article must be published and its thread open, the author not banned, a reply's parent visible; then
   * screening decides whether the comment waits for a moderator, is rejected, or (trusted author, thread allows)
   * skips the queue.
   */
  private CompletionStage<ModerationApi.Comment> submit(Identity author, String articleId, ModerationApi.SubmitComment body) {
    Instant now = clock.instant();
    String commentId = UUID.randomUUID().toString();
    var policy = sharding.entityRefFor(Thread.ENTITY_KEY, articleId).askWithStatus(Thread.Get::new, timeout);
    var standing = profile(author, now);
    return publishedAt(articleId, 0).thenCompose(publishedAt -> {
      if (publishedAt.isEmpty()) throw ProblemException.notFound("There is no published article '" + articleId + "'.");
      String problem = Comment.bodyProblem(body.body());
      if (problem != null) throw new ProblemException(422, "Invalid request", problem);
      return policy.thenCombine(standing, (thread, profile) -> {
        if (thread.closedAt(publishedAt.get(), now)) throw new ProblemException(409, "Conflict", "Comments on this article are closed.");
        if (!profile.emailVerified()) {
          throw new ProblemException(403, "Forbidden", "Confirm your email address first: the link is in the email we sent.");
        }
        if (profile.bannedAt(now)) {
          Instant until = profile.ban().until();
          throw new ProblemException(403, "Forbidden", until == null ? "This account may not comment." : "This account may not comment until " + until + ".");
        }
        return profile;
      }).thenCompose(profile -> parent(articleId, body.parentId())
          .thenCompose(ok -> queries.author(author.accountId(), Duration.between(profile.joinedAt(), now), now, screening)));
    }).thenCombine(policy, (stats, thread) -> {
      Screening.Verdict verdict = screening.review(body.body(), stats);
      Function<ActorRef<StatusReply<Comment.View>>, Comment.Command> command = r -> new Comment.Submit(articleId, body.parentId(),
          author.accountId(), author.displayName(), body.body(), now, verdict, thread.skipsQueue(verdict.trusted()), r);
      return command;
    }).thenCompose(command -> ask(commentId, command));
  }

  /**
   * The author's account. One the identity provider does not know cannot come from the gateway (it signs only
   * resolved sessions): it is a test's made-up identity, and counts as a brand-new, confirmed account.
   */
  private CompletionStage<Account.Profile> profile(Identity who, Instant now) {
    return sharding.entityRefFor(Account.ENTITY_KEY, who.accountId()).askWithStatus(Account.GetProfile::new, timeout)
        .exceptionallyCompose(failure -> Rejection.isKind(failure, Rejection.Kind.NOT_FOUND)
            ? CompletableFuture.completedFuture(new Account.Profile(who.accountId(), who.displayName(), who.roles(), now, null, true, null, true))
            : CompletableFuture.failedFuture(failure)); // a deleted account's identity, still unexpired, may not comment
  }

  private CompletionStage<Void> parent(String articleId, String parentId) {
    if (parentId == null) return CompletableFuture.completedFuture(null);
    return queries.comment(parentId).thenAccept(parent -> checkParent(articleId, parent.orElse(null)));
  }

  /** Replies go one level deep, to a visible comment of the same article. */
  private static void checkParent(String articleId, ModerationApi.Comment parent) {
    if (parent == null || !parent.articleId().equals(articleId) || !parent.status().equals("approved")) {
      throw new ProblemException(422, "Invalid request", "A reply must answer a visible comment on the same article.");
    }
    if (parent.parentId() != null) {
      throw new ProblemException(422, "Invalid request", "Replies go one level deep: answer the comment this one replies to.");
    }
  }

  private Decision approve(Identity who) {
    return (at, r) -> new Comment.Approve(who.accountId(), at, r);
  }

  private Decision reject(Identity who, String reason, String note) {
    checkReason(reason);
    if (note != null && note.length() > 2000) throw new ProblemException(422, "Invalid request", "A note is at most 2000 characters.");
    return (at, r) -> new Comment.Reject(who.accountId(), reason, note, at, r);
  }

  private Decision remove(Identity who, String reason) {
    checkReason(reason);
    return (at, r) -> new Comment.Remove(who.accountId(), reason, at, r);
  }

  private Decision restore(Identity who) {
    return (at, r) -> new Comment.Restore(who.accountId(), at, r);
  }

  private void checkReason(String reason) {
    if (reason == null || !reasons.contains(reason)) {
      throw new ProblemException(422, "Invalid request", "reason must be one of: " + String.join(", ", reasons) + ".");
    }
  }

  private CompletionStage<ModerationApi.Comment> decide(String commentId, Decision decision) {
    return ask(commentId, r -> decision.apply(clock.instant(), r));
  }

  /** Each id on its own: one refusal does not stop the others, and each answer says what happened to its comment. */
  private CompletionStage<ModerationApi.BulkResult> bulk(Identity who, ModerationApi.Bulk body) {
    if (body.ids() == null || body.ids().isEmpty() || body.ids().size() > MAX_BULK) {
      throw ProblemException.badRequest("ids must list 1 to " + MAX_BULK + " comments.");
    }
    Decision decision = switch (body.action() == null ? "" : body.action()) {
      case "approve" -> approve(who);
      case "reject" -> reject(who, body.reason(), body.note());
      case "remove" -> remove(who, body.reason());
      case "restore" -> restore(who);
      default -> throw new ProblemException(422, "Invalid request", "action must be approve, reject, remove or restore.");
    };
    List<CompletableFuture<ModerationApi.BulkItem>> items = body.ids().stream().distinct()
        .map(id -> decide(id, decision)
            .handle((comment, failure) -> failure == null
                ? new ModerationApi.BulkItem(id, comment, null)
                : new ModerationApi.BulkItem(id, null, Problems.fromFailure(failure)))
            .toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new))
        .thenApply(done -> new ModerationApi.BulkResult(items.stream().map(CompletableFuture::join).toList()));
  }

  private CompletionStage<ModerationApi.Comment> ask(String commentId, Function<ActorRef<StatusReply<Comment.View>>, Comment.Command> command) {
    return comment(commentId).<Comment.View>askWithStatus(command::apply, timeout).thenApply(CommentRoutes::toDto);
  }

  private EntityRef<Comment.Command> comment(String id) {
    if (id.length() > 64) throw ProblemException.notFound("There is no such comment.");
    return sharding.entityRefFor(Comment.ENTITY_KEY, id);
  }

  private static String queue(String status) {
    if (!QUEUES.contains(status)) throw ProblemException.badRequest("status must be one of " + String.join(", ", QUEUES) + ".");
    return status;
  }

  private static boolean order(String order) {
    if (order == null || order.equals("oldest")) return false;
    if (order.equals("newest")) return true;
    throw ProblemException.badRequest("order must be oldest or newest.");
  }

  private static int limit(Map<String, String> q) {
    String limit = q.getOrDefault("limit", "50");
    if (!limit.matches("[1-9][0-9]?|100")) throw ProblemException.badRequest("limit must be 1 to 100.");
    return Integer.parseInt(limit);
  }

  private static ModerationApi.Comment toDto(Comment.View v) {
    return new ModerationApi.Comment(v.id(), v.articleId(), v.parentId(), v.authorId(), v.authorName(), v.body(), v.status().name(),
        v.createdAt(), v.heldFor());
  }
}
