package org.maproom.platform.kafka;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.maproom.contracts.EventJson;
import org.maproom.platform.db.Database;
import org.maproom.platform.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service consumes a topic: records are decoded into the topic's public event type and handed to the
 * handler one at a time; the offset is committed only after the handler's effect is done, so delivery is at least
 * once and every handler must be idempotent (dedupe on eventId or on the effect's own key). A record that does not
 * decode goes to the {@code dead_letters} table; an event type this service does not know is skipped; a failing
 * handler restarts the stream with backoff from the last committed offset.
 */
public final class TopicConsumer {
  private static final Logger log = LoggerFactory.getLogger(TopicConsumer.class);

  private TopicConsumer() {}

  public static <T> void start(
      ActorSystem<?> system,
      Database db,
      String groupId,
      String topic,
      Class<T> eventType,
      Function<T, CompletionStage<?>> handler) {
    ConsumerSettings<String, byte[]> settings =
        ConsumerSettings.create(system, new StringDeserializer(), new ByteArrayDeserializer()).withGroupId(groupId);
    CommitterSettings committer = CommitterSettings.create(system);
    Metrics metrics = Metrics.get(system);
    runUntilShutdown(system, "stop-consumer-" + topic, () ->
        Consumer.committableSource(settings, Subscriptions.topics(topic))
            .mapAsync(1, message ->
                handle(db, metrics, groupId, message.record(), eventType, handler)
                    .thenApply(done -> message.committableOffset()))
            .via(Committer.flow(committer)));
  }

  /**
   * Every instance sees every record from the moment it starts, nothing committed: for state each instance keeps in
   * memory and that the next record replaces (live counters for open pages). A record that does not decode is
   * skipped with a warning; there is no database to dead-letter it to.
   */
  public static <T> void broadcast(ActorSystem<?> system, String topic, Class<T> eventType, java.util.function.Consumer<T> handler) {
    ConsumerSettings<String, byte[]> settings =
        ConsumerSettings.create(system, new StringDeserializer(), new ByteArrayDeserializer())
            .withGroupId(topic + "-" + java.util.UUID.randomUUID())
            .withProperty(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
            .withProperty(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Metrics metrics = Metrics.get(system);
    runUntilShutdown(system, "stop-broadcast-" + topic, () ->
        Consumer.plainSource(settings, Subscriptions.topics(topic))
            .map(record -> {
              try {
                Optional<T> event = EventJson.read(record.value(), eventType);
                event.ifPresent(handler);
                return count(metrics, record, event.isPresent() ? "handled" : "skipped");
              } catch (IOException e) {
                log.warn("Skipping undecodable {}/{}@{}", record.topic(), record.partition(), record.offset());
                return count(metrics, record, "skipped");
              }
            }));
  }

  /**
   * Runs the stream, restarted with backoff when it fails, until the service stops: then it is cut off (a handler
   * still running may fail as sharding stops, unseen, and nothing restarts) and its consumer shut down.
   */
  private static void runUntilShutdown(
      ActorSystem<?> system, String task, java.util.function.Supplier<org.apache.pekko.stream.javadsl.Source<?, Consumer.Control>> stream) {
    AtomicReference<Consumer.Control> control = new AtomicReference<>(Consumer.createNoopControl());
    UniqueKillSwitch running = RestartSource.onFailuresWithBackoff(
            RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2),
            () -> stream.get().mapMaterializedValue(c -> {
              control.set(c);
              return c;
            }))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.left())
        .run(system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), task, () -> {
      running.shutdown();
      return control.get().shutdown();
    });
  }

  private static <T> CompletionStage<Done> handle(
      Database db, Metrics metrics, String groupId, ConsumerRecord<String, byte[]> record, Class<T> eventType,
      Function<T, CompletionStage<?>> handler) {
    Optional<T> event;
    try {
      event = EventJson.read(record.value(), eventType);
    } catch (IOException e) {
      return deadLetter(db, groupId, record, e).thenApply(done -> count(metrics, record, "dead-lettered"));
    }
    if (event.isEmpty()) return CompletableFuture.completedFuture(count(metrics, record, "skipped"));
    return handler.apply(event.get()).thenApply(any -> count(metrics, record, "handled"));
  }

  private static Done count(Metrics metrics, ConsumerRecord<String, byte[]> record, String outcome) {
    metrics.consumed(record.topic(), outcome).increment();
    return Done.getInstance();
  }

  private static CompletionStage<Done> deadLetter(
      Database db, String groupId, ConsumerRecord<String, byte[]> record, Exception error) {
    log.warn("Dead-lettering {}/{}@{}: {}", record.topic(), record.partition(), record.offset(), error.getClass().getSimpleName());
    String message = String.valueOf(error.getMessage());
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO dead_letters (topic, kafka_partition, kafka_offset, consumer_group, record_key, record_value, error, received_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, record.topic());
        s.setInt(2, record.partition());
        s.setLong(3, record.offset());
        s.setString(4, groupId);
        s.setString(5, record.key());
        s.setBytes(6, record.value());
        s.setString(7, message.substring(0, Math.min(2000, message.length())));
        s.setTimestamp(8, Timestamp.from(Instant.now()));
        s.executeUpdate();
      }
      return Done.getInstance();
    });
  }
}
