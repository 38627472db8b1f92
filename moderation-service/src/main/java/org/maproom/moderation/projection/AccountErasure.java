package org.maproom.moderation.projection;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.Patterns;
import org.maproom.contracts.events.ModerationEvent;
import org.maproom.moderation.domain.Account;
import org.maproom.moderation.domain.Comment;
import org.maproom.moderation.identity.DisplayNames;
import org.maproom.moderation.readmodel.CommentQueries;
import org.maproom.platform.Rejection;
import org.maproom.platform.db.Database;
import org.maproom.platform.db.JournalPurge;
import org.maproom.platform.projection.EventMeta;
import org.maproom.platform.projection.Projections;

/**
 * Carries out an account's erasure (at least once, every step idempotent): each of its comments forgets its author
 * (and its text, unless it stays up by the reader's choice); its sessions, emailed-link tokens, outbox mail, reports
 * and display name go; and the account's journal keeps only the Erased event. AccountErased on maproom.moderation.v1
 * tells the other services.
 */
public final class AccountErasure {
  /** Comments acknowledged just before the erasure may still be on their way into the read model. */
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final String[] OWN_ROWS = {
    "DELETE FROM sessions WHERE account_id = ?", "DELETE FROM email_tokens WHERE account_id = ?",
    "DELETE FROM email_outbox WHERE account_id = ?", "DELETE FROM reports WHERE reader_id = ?"
  };
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Database db;
  private final CommentQueries queries;
  private final Duration timeout;
  private final Clock clock;

  public AccountErasure(ActorSystem<?> system, Database db, CommentQueries queries, Clock clock) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.db = db;
    this.queries = queries;
    this.timeout = system.settings().config().getDuration("maproom.ask-timeout");
    this.clock = clock;
  }

  public static Optional<ModerationEvent> toPublic(Account.Event event, EventMeta meta) {
    return event instanceof Account.Erased e
        ? Optional.of(new ModerationEvent.AccountErased(meta.eventId(), meta.occurredAt(), e.accountId(), e.at()))
        : Optional.empty();
  }

  public CompletionStage<Done> handle(List<Projections.Delivered<Account.Event>> batch) {
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
    for (var delivered : batch) {
      if (delivered.event() instanceof Account.Erased erased) done = done.thenCompose(d -> erase(erased, delivered.meta()));
    }
    return done;
  }

  private CompletionStage<Done> erase(Account.Erased erased, EventMeta meta) {
    Duration wait = Duration.between(clock.instant(), erased.at().plus(SETTLE));
    CompletionStage<Done> settled = wait.isNegative()
        ? CompletableFuture.completedFuture(Done.getInstance())
        : Patterns.after(wait, system.classicSystem().scheduler(), system.executionContext(),
            () -> CompletableFuture.completedFuture(Done.getInstance()));
    return settled
        .thenCompose(d -> queries.idsBy(erased.accountId()))
        .thenCompose(ids -> CompletableFuture.allOf(ids.stream().map(id -> eraseAuthor(id, erased).toCompletableFuture())
            .toArray(CompletableFuture[]::new)))
        .thenCompose(d -> db.transact(c -> {
          for (String sql : OWN_ROWS) {
            try (PreparedStatement delete = c.prepareStatement(sql)) {
              delete.setString(1, erased.accountId());
              delete.executeUpdate();
            }
          }
          DisplayNames.releaseAll(c, erased.accountId());
          JournalPurge.before(c, meta.persistenceId(), meta.sequenceNr());
          return Done.getInstance();
        }));
  }

  private CompletionStage<Done> eraseAuthor(String commentId, Account.Erased erased) {
    return sharding.entityRefFor(Comment.ENTITY_KEY, commentId)
        .<Comment.View>askWithStatus(r -> new Comment.EraseAuthor(erased.removeComments(), erased.at(), r), timeout)
        .handle((view, failure) -> {
          if (failure != null && !Rejection.isKind(failure, Rejection.Kind.NOT_FOUND)) throw new IllegalStateException(failure);
          return Done.getInstance();
        });
  }
}
