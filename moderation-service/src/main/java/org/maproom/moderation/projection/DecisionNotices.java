package org.maproom.moderation.projection;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.email.Mailer;
import org.maproom.moderation.readmodel.CommentQueries;
import org.maproom.moderation.readmodel.EmailTokens;
import org.maproom.platform.PiiCipher;
import org.maproom.platform.db.Database;
import org.maproom.platform.projection.EventMeta;
import org.maproom.platform.projection.Projections;

/**
 * Emails a comment's author when a moderator approves or rejects it (screening's rejections too, with the reason;
 * not the approvals that let a trusted reader skip the queue). Only to confirmed addresses of accounts that did not
 * opt out; each email has a one-click link to stop them. A decision is mailed at most once: it is marked in
 * {@code decision_notices} before the mailer is called, so a replay after a crash skips it rather than mail twice.
 */
public final class DecisionNotices {
  public static final Duration UNSUBSCRIBE_TTL = Duration.ofDays(365);
  private final ClusterSharding sharding;
  private final Database db;
  private final CommentQueries queries;
  private final EmailTokens tokens;
  private final Mailer mailer;
  private final PiiCipher pii;
  private final Clock clock;
  private final Duration timeout;
  private final String baseUrl;
  private final String site;

  public DecisionNotices(ActorSystem<?> system, Database db, CommentQueries queries, EmailTokens tokens, Mailer mailer,
      PiiCipher pii, Clock clock) {
    var config = system.settings().config();
    this.sharding = ClusterSharding.get(system);
    this.db = db;
    this.queries = queries;
    this.tokens = tokens;
    this.mailer = mailer;
    this.pii = pii;
    this.clock = clock;
    this.timeout = config.getDuration("maproom.ask-timeout");
    this.baseUrl = config.getString("moderation.public-base-url");
    this.site = config.getString("moderation.site-name");
  }

  private record Notice(String commentId, String articleId, String authorId, String headline, String detail) {}

  public CompletionStage<Done> handle(List<Projections.Delivered<Comment.Event>> batch) {
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
    for (var delivered : batch) {
      Notice notice = noticeOf(delivered.event());
      if (notice != null) done = done.thenCompose(d -> send(notice, delivered.meta()));
    }
    return done;
  }

  private static Notice noticeOf(Comment.Event event) {
    if (event instanceof Comment.Approved a && !Comment.AUTOMOD.equals(a.moderatorId())) {
      return new Notice(a.commentId(), a.articleId(), a.authorId(), "is published", "Readers can see it now.");
    }
    if (event instanceof Comment.Rejected r) {
      return new Notice(r.commentId(), r.articleId(), r.authorId(), "was not published", "The reason given: " + r.reason() + ".");
    }
    return null;
  }

  private CompletionStage<Done> send(Notice notice, EventMeta meta) {
    String authorId = notice.authorId();
    if (authorId == null) return CompletableFuture.completedFuture(Done.getInstance()); // written before authors were carried
    return sharding.entityRefFor(Account.ENTITY_KEY, authorId).<Account.Credentials>askWithStatus(Account.GetCredentials::new, timeout)
        .handle((account, unknown) -> account)
        .thenCompose(account -> {
          if (account == null || !account.profile().notifyOnDecision() || !account.profile().emailVerified()) {
            return CompletableFuture.completedFuture(Done.getInstance());
          }
          return markSent(notice.commentId(), meta.sequenceNr()).thenCompose(first -> !first
              ? CompletableFuture.completedFuture(Done.getInstance())
              : queries.title(notice.articleId())
                  .thenCompose(title -> tokens.issue(authorId, EmailTokens.UNSUBSCRIBE, UNSUBSCRIBE_TTL, clock.instant())
                      .thenCompose(token -> mailer.send(authorId, pii.decrypt(account.encryptedEmail(), authorId),
                          "Your comment " + notice.headline(),
                          "Your comment on \"" + (title == null ? notice.articleId() : title) + "\" at " + site + " "
                              + notice.headline() + ". " + notice.detail() + "\n\n"
                              + "To stop these emails, follow this link: " + baseUrl + "/email-preferences?token=" + token + "\n")))
                  .thenApply(sent -> Done.getInstance()));
        });
  }

  /** True the first time this decision is marked. */
  private CompletionStage<Boolean> markSent(String commentId, long seq) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO decision_notices (comment_id, seq, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, commentId);
        s.setLong(2, seq);
        s.setTimestamp(3, Timestamp.from(clock.instant()));
        return s.executeUpdate() == 1;
      }
    });
  }
}
