package org.maproom.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads what is on a topic, and writes raw records to one, as a test's view of the broker. */
public final class TopicProbe {
  private TopicProbe() {}

  /** Every record on the topic from the beginning, reading until {@code atLeast} are seen or the time is up. */
  public static List<ConsumerRecord<String, String>> read(EmbeddedKafka kafka, String topic, int atLeast, Duration within) {
    return readAll(kafka, topic, within, seen -> seen.size() >= atLeast);
  }

  /** Every record on the topic from the beginning, reading until what was seen is {@code enough} or the time is up. */
  public static List<ConsumerRecord<String, String>> readAll(
      EmbeddedKafka kafka, String topic, Duration within, java.util.function.Predicate<List<ConsumerRecord<String, String>>> enough) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + within.toNanos();
      while (!enough.test(seen) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
      // Linger briefly so that duplicates, if any, are seen too.
      long linger = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < linger) consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }
    return seen;
  }

  public static void send(EmbeddedKafka kafka, String topic, String key, String value) {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
