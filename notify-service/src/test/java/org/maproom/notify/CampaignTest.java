package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.notify.domain.Campaign;
import org.maproom.notify.domain.SmsProgram;
import org.maproom.testkit.EntityTestConfig;

/** Unit: the Campaign and SmsProgram entities' rules. */
class CampaignTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private final EventSourcedBehaviorTestKit<Campaign.Command, Campaign.Event, Campaign.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), Campaign.create("a1"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private StatusReply<Campaign.Summary> run(java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<Campaign.Summary>>,
      Campaign.Command> command) {
    return kit.<StatusReply<Campaign.Summary>>runCommand(command::apply).reply();
  }

  @Test
  void aCampaignStartsOnceListsItsRecipientsOnceAndCompletesOnlyWhenListedAndRunning() {
    assertThat(run(r -> new Campaign.Pause("ops", T0, r)).isError()).as("no campaign yet").isTrue();
    assertThat(run(r -> new Campaign.Start("T", "https://x/a1", T0, T0, r)).getValue().total()).isEqualTo(-1);
    var again = kit.<StatusReply<Campaign.Summary>>runCommand(r -> new Campaign.Start("T2", "https://x/other", T0, T0, r));
    assertThat(again.events()).as("a redelivered publish starts nothing").isEmpty();
    assertThat(run(r -> new Campaign.Complete(T0, r)).getValue().status()).as("not listed yet").isEqualTo(Campaign.Status.running);
    assertThat(run(r -> new Campaign.MarkListed(20_000, r)).getValue().total()).isEqualTo(20_000);
    assertThat(kit.<StatusReply<Campaign.Summary>>runCommand(r -> new Campaign.MarkListed(3, r)).events()).isEmpty();
    assertThat(run(r -> new Campaign.Complete(T0, r)).getValue().status()).isEqualTo(Campaign.Status.completed);
    assertThat(run(r -> new Campaign.Cancel("ops", T0, r)).isError()).isTrue();
  }

  @Test
  void pausedCampaignsResumeCancelledOnesStayCancelledAndRepeatsAreHarmless() {
    run(r -> new Campaign.Start("T", "https://x/a1", T0, T0, r));
    run(r -> new Campaign.MarkListed(5, r));
    assertThat(run(r -> new Campaign.Pause("ops", T0, r)).getValue().status()).isEqualTo(Campaign.Status.paused);
    assertThat(kit.<StatusReply<Campaign.Summary>>runCommand(r -> new Campaign.Pause("ops", T0, r)).events()).isEmpty();
    assertThat(run(r -> new Campaign.Complete(T0, r)).getValue().status()).as("a paused campaign is not completed").isEqualTo(Campaign.Status.paused);
    assertThat(run(r -> new Campaign.Resume("ops", T0, r)).getValue().status()).isEqualTo(Campaign.Status.running);
    assertThat(run(r -> new Campaign.Cancel("ops", T0, r)).getValue().status()).isEqualTo(Campaign.Status.cancelled);
    assertThat(run(r -> new Campaign.Resume("ops", T0, r)).isError()).isTrue();
    assertThat(kit.<StatusReply<Campaign.Summary>>runCommand(r -> new Campaign.Cancel("ops", T0, r)).events()).isEmpty();
    assertThat(kit.restart().state()).isInstanceOf(Campaign.Active.class);
  }

  @Test
  void theProgramStartsFromConfigurationAndRecordsEveryChange() {
    var initial = new SmsProgram.Settings(false, "08:00", "21:00", null, null);
    EventSourcedBehaviorTestKit<SmsProgram.Command, SmsProgram.Event, SmsProgram.Settings> program =
        EventSourcedBehaviorTestKit.create(testKit.system(), SmsProgram.create(SmsProgram.ID, initial));
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(SmsProgram.Get::new).reply().getValue()).isEqualTo(initial);
    var live = program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.SetLive(true, "ops", T0, r));
    assertThat(live.event()).isEqualTo(new SmsProgram.LiveSwitched(true, "ops", T0));
    assertThat(live.reply().getValue().liveSince()).isEqualTo(T0);
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.SetLive(true, "ops", T0, r)).events()).isEmpty();
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.SetWindow("21:00", "08:00", "ops", T0, r))
        .reply().isError()).isTrue();
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.SetWindow("9:00", "20:00", "ops", T0, r))
        .reply().isError()).as("HH:mm only").isTrue();
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.SetWindow("09:00", "20:00", "ops", T0, r))
        .reply().getValue().window().start()).isEqualTo(java.time.LocalTime.of(9, 0));
    assertThat(program.restart().state()).isEqualTo(new SmsProgram.Settings(true, "09:00", "20:00", T0, null));
  }

  @Test
  void aFailingAccountHoldsSendingOnceUntilResumedAndSurvivesARestart() {
    var program = EventSourcedBehaviorTestKit.<SmsProgram.Command, SmsProgram.Event, SmsProgram.Settings>create(testKit.system(),
        SmsProgram.create(SmsProgram.ID, new SmsProgram.Settings(true, "08:00", "21:00", T0, null)));
    assertThat(program.getState().sending()).isTrue();
    var held = program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.HoldForProvider("twilio", "HTTP 401, error 20003", T0, r));
    assertThat(held.event()).isEqualTo(new SmsProgram.HeldForProvider("twilio", "HTTP 401, error 20003", T0));
    assertThat(held.reply().getValue().sending()).isFalse();
    assertThat(held.reply().getValue().live()).as("still live: held, not switched off").isTrue();
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.HoldForProvider("twilio", "again", T0.plusSeconds(1), r))
        .events()).as("the first report holds; the rest change nothing").isEmpty();
    assertThat(program.restart().state().providerFailing()).isEqualTo(new SmsProgram.ProviderFailing("twilio", "HTTP 401, error 20003", T0));
    var resumed = program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.ResumeSending("ops", T0.plusSeconds(60), r));
    assertThat(resumed.event()).isEqualTo(new SmsProgram.SendingResumed("ops", T0.plusSeconds(60)));
    assertThat(resumed.reply().getValue().sending()).isTrue();
    assertThat(program.<StatusReply<SmsProgram.Settings>>runCommand(r -> new SmsProgram.ResumeSending("probe", T0, r)).events()).isEmpty();
  }
}
