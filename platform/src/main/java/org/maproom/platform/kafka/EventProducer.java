package org.maproom.platform.kafka;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.events.PublicEvent;

/** The one way to put a public event on a topic: JSON, keyed by {@link PublicEvent#key()} (the article id, so an article's events stay in order). */
public final class EventProducer {
  private final String topic;
  private final SendProducer<String, byte[]> producer;

  /** A producer for {@code topic}, closed when the actor system shuts down. */
  public EventProducer(ActorSystem<?> system, String topic) {
    this.topic = topic;
    this.producer = new SendProducer<>(ProducerSettings.create(system, new StringSerializer(), new ByteArraySerializer()), system);
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "close-producer-" + topic, producer::close);
  }

  /** Completes once the broker has the event. */
  public CompletionStage<Done> send(PublicEvent event) {
    return producer.send(new ProducerRecord<>(topic, event.key(), EventJson.write(event))).thenApply(m -> Done.getInstance());
  }
}
