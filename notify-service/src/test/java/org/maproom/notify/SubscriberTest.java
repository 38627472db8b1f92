package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.notify.domain.Subscriber;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class SubscriberTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
  private static final Subscriber.Consent FIRST = new Subscriber.Consent(T0, "/articles/a", "v1", "k1:ip", "Firefox");
  private static final Subscriber.Consent SECOND = new Subscriber.Consent(T0.plus(java.time.Duration.ofDays(2)), "/", "v2", null, "Safari");
  private static final Subscriber.Consent SAME_DAY = new Subscriber.Consent(T0.plusSeconds(60), "/again", "v1", null, "Firefox");

  private final EventSourcedBehaviorTestKit<Subscriber.Command, Subscriber.Event, Subscriber.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), Subscriber.create("s1"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Subscriber.Command, Subscriber.Event, Subscriber.State,
      StatusReply<Subscriber.Summary>> subscribe(Subscriber.Consent consent) {
    return kit.runCommand(r -> new Subscriber.Subscribe("k1:abc", "43", consent, "acc-1", r));
  }

  private Subscriber.Details details() {
    return kit.<StatusReply<Subscriber.Details>>runCommand(Subscriber.Get::new).reply().getValue();
  }

  @Test
  void signingUpTwiceIsOneSubscriberWithTwoConsentRecordsAndTheSameAnswerButAtMostOneRecordADay() {
    var first = subscribe(FIRST);
    assertThat(first.event()).isEqualTo(new Subscriber.Subscribed("s1", "k1:abc", "43", "v1", "/articles/a", T0, "k1:ip", "Firefox", "acc-1"));
    var sameDay = subscribe(SAME_DAY);
    assertThat(sameDay.hasNoEvents()).as("a script signing the number up in a loop grows nothing").isTrue();
    assertThat(sameDay.reply()).isEqualTo(first.reply());
    var second = subscribe(SECOND);
    assertThat(second.event()).isEqualTo(new Subscriber.ConsentRenewed("s1", SECOND, false));
    assertThat(second.reply()).isEqualTo(first.reply());
    kit.restart();
    assertThat(details().consents()).containsExactly(FIRST, SECOND);
    assertThat(details().active()).isTrue();
  }

  @Test
  void unsubscribingSuppressesOnceAndSigningUpAgainBringsTheNumberBack() {
    subscribe(FIRST);
    var left = kit.<StatusReply<Subscriber.Summary>>runCommand(r -> new Subscriber.Unsubscribe(Subscriber.Via.link, T0.plusSeconds(5), r));
    assertThat(left.event()).isEqualTo(new Subscriber.Unsubscribed("s1", Subscriber.Via.link, T0.plusSeconds(5)));
    assertThat(kit.<StatusReply<Subscriber.Summary>>runCommand(r -> new Subscriber.Unsubscribe(Subscriber.Via.api, T0, r)).hasNoEvents())
        .isTrue();
    assertThat(details().active()).isFalse();
    assertThat(subscribe(SAME_DAY).event()).as("back the same day: it was off the list").isEqualTo(new Subscriber.ConsentRenewed("s1", SAME_DAY, true));
    assertThat(details().active()).isTrue();
  }

  @Test
  void aNumberThatTextedStopComesBackOnlyByTextingStartNeverByAWebSignUp() {
    subscribe(FIRST);
    kit.<StatusReply<Subscriber.Summary>>runCommand(r -> new Subscriber.Unsubscribe(Subscriber.Via.stop, T0.plusSeconds(5), r));
    var stranger = subscribe(SECOND);
    assertThat(stranger.hasNoEvents()).isTrue();
    assertThat(stranger.reply().getValue()).as("the same answer as any sign-up").isEqualTo(new Subscriber.Summary("43"));
    kit.restart();
    assertThat(subscribe(SECOND).hasNoEvents()).as("also after a restart").isTrue();
    assertThat(details().active()).isFalse();
    var start = kit.<StatusReply<Boolean>>runCommand(r -> new Subscriber.Restart(T0.plusSeconds(99), r));
    assertThat(start.reply().getValue()).isTrue();
    assertThat(details().active()).isTrue();
  }

  @Test
  void erasureForgetsTheNumberAndEveryConsentAndTheNumberMaySignUpAfresh() {
    subscribe(FIRST);
    var erased = kit.<StatusReply<Done>>runCommand(r -> new Subscriber.Erase(T0.plusSeconds(9), r));
    assertThat(erased.event()).isEqualTo(new Subscriber.Erased("s1", T0.plusSeconds(9)));
    assertThat(kit.<StatusReply<Subscriber.Details>>runCommand(Subscriber.Get::new).reply().isError()).isTrue();

    // What the read model leaves in the journal: the Erased event alone.
    kit.clear();
    kit.initialize(new Subscriber.Erased("s1", T0));
    assertThat(kit.getState()).isInstanceOf(Subscriber.Forgotten.class);
    assertThat(subscribe(SECOND).event()).isInstanceOf(Subscriber.Subscribed.class);
    assertThat(details().consents()).containsExactly(new Subscriber.Consent(SECOND.at(), "/", "v2", null, "Safari"));
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var subscribed = new Subscriber.Subscribed("s1", "k1:abc", "43", "v1", "/articles/a", T0, "k1:ip", "Firefox", null);
    SerializationCheck.assertRoundTrips(testKit.system(), List.of(
        subscribed, new Subscriber.ConsentRenewed("s1", SECOND, true), new Subscriber.Unsubscribed("s1", Subscriber.Via.link, T0),
        new Subscriber.Erased("s1", T0), new Subscriber.Unknown(), new Subscriber.Forgotten(T0),
        new Subscriber.Known("k1:abc", "43", "acc-1", true, List.of(FIRST, SECOND), null),
        new Subscriber.Known("k1:abc", "43", "acc-1", false, List.of(FIRST), Subscriber.Via.stop), new Subscriber.Summary("43"),
        new Subscriber.Details("43", false, List.of(FIRST))),
        Subscriber.Event.class, Subscriber.State.class);
  }
}
