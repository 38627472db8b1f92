package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.maproom.notify.domain.Subscriber;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class SubscriberTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void signingUpTwiceIsOneSubscriptionWithTheSameAnswer() {
    var kit = EventSourcedBehaviorTestKit.<Subscriber.Command, Subscriber.Event, Subscriber.State>create(
        testKit.system(), Subscriber.create("s1"));
    var first = kit.<StatusReply<Subscriber.Summary>>runCommand(r -> new Subscriber.Subscribe("k1:abc", "43", "v1", "/articles/a", T0, r));
    assertThat(first.event()).isEqualTo(new Subscriber.Subscribed("s1", "k1:abc", "43", "v1", "/articles/a", T0));
    var second = kit.<StatusReply<Subscriber.Summary>>runCommand(r -> new Subscriber.Subscribe("k1:def", "43", "v1", "/", T0, r));
    assertThat(second.hasNoEvents()).isTrue();
    assertThat(second.reply()).isEqualTo(first.reply());
    kit.restart();
    assertThat(kit.getState()).isInstanceOf(Subscriber.Active.class);
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var subscribed = new Subscriber.Subscribed("s1", "k1:abc", "43", "v1", "/articles/a", T0);
    SerializationCheck.assertRoundTrips(testKit.system(), java.util.List.of(
        subscribed, new Subscriber.Unknown(), new Subscriber.Active(subscribed), new Subscriber.Summary("43")),
        Subscriber.Event.class, Subscriber.State.class);
  }
}
