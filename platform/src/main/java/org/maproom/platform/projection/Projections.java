package org.maproom.platform.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.maproom.contracts.events.PublicEvent;
import org.maproom.platform.db.Database;
import org.maproom.platform.db.DbSession;
import org.maproom.platform.kafka.EventProducer;

/**
 * The two kinds of projection a service runs over its journal, one instance per tag under ShardedDaemonProcess (so
 * exactly one runs per tag in the cluster), offsets in the service's own database:
 *
 * <ul>
 *   <li>{@link #publish}: maps each internal event, from the event alone, to its public type and sends it to Kafka,
 *       keyed by article id. At least once: the offset is stored after the send, consumers dedupe on eventId.
 *   <li>{@link #readModel}: applies events to tables, a group at a time; the group's writes and its offset commit in
 *       one transaction, so exactly once.
 *   <li>{@link #forward}: hands batches of events to an asynchronous handler (e.g. asks to other entities), at least
 *       once: the handler must be idempotent, e.g. by deduplicating on persistence id and sequence number.
 * </ul>
 */
public final class Projections {
  private static final int READ_MODEL_GROUP = 500;
  private static final java.time.Duration READ_MODEL_GROUP_WITHIN = java.time.Duration.ofMillis(20);

  private Projections() {}

  /** Maps an internal event to the public one it means, or to nothing when it is internal only. */
  @FunctionalInterface
  public interface PublicEventMapper<E> {
    Optional<? extends PublicEvent> toPublic(E event, EventMeta meta);
  }

  /** Applies one event to read-model tables inside the projection's transaction. */
  @FunctionalInterface
  public interface ReadModelUpdater<E> {
    void apply(Connection connection, E event, EventMeta meta) throws SQLException;
  }

  /** One event of a batch, with where it came from. */
  public record Delivered<E>(E event, EventMeta meta) {}

  /** Handles a batch of events; the batch's offset is stored once the returned stage completes. */
  @FunctionalInterface
  public interface BatchHandler<E> {
    CompletionStage<Done> handle(List<Delivered<E>> batch);
  }

  public static <E> void forward(
      ActorSystem<?> system, Database db, String name, EntityTags tags, int maxBatch, java.time.Duration within, BatchHandler<E> handler) {
    run(system, name, tags, tag ->
        JdbcProjection.groupedWithinAsync(
            ProjectionId.of(name, tag), Projections.<E>source(system, tag), db::session,
            () -> new Handler<List<EventEnvelope<E>>>() {
              @Override
              public CompletionStage<Done> process(List<EventEnvelope<E>> envelopes) {
                return handler.handle(envelopes.stream().map(e -> new Delivered<>(e.event(), meta(e))).toList());
              }
            },
            system)
            .withGroup(maxBatch, within));
  }

  public static <E> void publish(
      ActorSystem<?> system, Database db, EntityTags tags, String topic, PublicEventMapper<E> mapper) {
    EventProducer producer = new EventProducer(system, topic);
    String name = "publish-" + tags.entityType();
    run(system, name, tags, tag ->
        JdbcProjection.atLeastOnceAsync(
            ProjectionId.of(name, tag), source(system, tag), db::session,
            () -> new Handler<EventEnvelope<E>>() {
              @Override
              public CompletionStage<Done> process(EventEnvelope<E> envelope) {
                Optional<? extends PublicEvent> event = mapper.toPublic(envelope.event(), meta(envelope));
                if (event.isEmpty()) return CompletableFuture.completedFuture(Done.getInstance());
                return producer.send(event.get());
              }
            },
            system));
  }

  public static <E> void readModel(
      ActorSystem<?> system, Database db, String name, EntityTags tags, ReadModelUpdater<E> updater) {
    run(system, name, tags, tag ->
        // In groups: one transaction, writes and offset, for all the events that came within a few milliseconds, so
        // a burst (a thousand sign-ups a second) costs one commit per group, not one per event.
        JdbcProjection.groupedWithin(
            ProjectionId.of(name, tag), source(system, tag), db::session,
            () -> new JdbcHandler<List<EventEnvelope<E>>, DbSession>() {
              @Override
              public void process(DbSession session, List<EventEnvelope<E>> envelopes) throws Exception {
                session.withConnection(c -> {
                  for (EventEnvelope<E> envelope : envelopes) updater.apply(c, envelope.event(), meta(envelope));
                  return Done.getInstance();
                });
              }
            },
            system).withGroup(READ_MODEL_GROUP, READ_MODEL_GROUP_WITHIN));
  }

  private interface ProjectionFactory {
    Projection<?> forTag(String tag);
  }

  private static void run(ActorSystem<?> system, String name, EntityTags tags, ProjectionFactory factory) {
    List<String> all = tags.all();
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class, name, all.size(),
            i -> ProjectionBehavior.create(factory.forTag(all.get(i))),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static <E> SourceProvider<Offset, EventEnvelope<E>> source(ActorSystem<?> system, String tag) {
    return EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
  }

  private static EventMeta meta(EventEnvelope<?> envelope) {
    return new EventMeta(envelope.persistenceId(), envelope.sequenceNr(), Instant.ofEpochMilli(envelope.timestamp()));
  }
}
