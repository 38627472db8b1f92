package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.moderation.domain.Account;
import org.maproom.platform.Rejection;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class AccountTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final EventSourcedBehaviorTestKit<Account.Command, Account.Event, Account.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), Account.create("acc1"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private StatusReply<Account.Profile> register(String name) {
    return kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.Register("k1:xx", name, "$argon2id$h", Set.of("reader"), false, T0, r)).reply();
  }

  @Test
  void registersOnceAndHandsOutTheHashOnlyToCredentialChecks() {
    assertThat(register(" Rea Der ").getValue()).isEqualTo(new Account.Profile("acc1", "Rea Der", Set.of("reader"), T0, null, false, null, true));
    assertThat(Rejection.parse(register("Other").getError().getMessage()).kind()).isEqualTo(Rejection.Kind.CONFLICT);
    var credentials = kit.<StatusReply<Account.Credentials>>runCommand(Account.GetCredentials::new).reply().getValue();
    assertThat(credentials.passwordHash()).isEqualTo("$argon2id$h");
    kit.restart();
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().getValue().displayName()).isEqualTo("Rea Der");
  }

  @Test
  void displayNamesAreTwoToFortyPrintableCharacters() {
    for (String bad : new String[] {"R", "x".repeat(41), "Mod\u202Eerator", "tab\there"}) {
      assertThat(Rejection.parse(register(bad).getError().getMessage()).kind()).as(bad).isEqualTo(Rejection.Kind.INVALID);
    }
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().isError()).isTrue();
  }

  private StatusReply<Account.Profile> ban(String reason, java.time.Instant until, java.time.Instant at) {
    return kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.Ban("mod", reason, until, at, r)).reply();
  }

  @Test
  void anAddressIsConfirmedOnce() {
    assertThat(register("Rea").getValue().emailVerified()).isFalse();
    var verified = kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.VerifyEmail(T0.plusSeconds(5), r));
    assertThat(verified.event()).isEqualTo(new Account.EmailVerified("acc1", T0.plusSeconds(5)));
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.VerifyEmail(T0, r)).hasNoEvents()).isTrue();
    kit.restart();
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().getValue().emailVerified()).isTrue();
  }

  @Test
  void accountsRegisteredBeforeAddressesWereConfirmedCountAsConfirmed() {
    kit.initialize(new Account.Registered("acc1", "k1:yy", "Old", "$h", Set.of("reader"), T0, null));
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().getValue().emailVerified()).isTrue();
  }

  @Test
  void aNewPasswordReplacesTheOldForCredentialChecks() {
    register("Rea");
    var changed = kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.ChangePassword("$argon2id$new", T0.plusSeconds(5), r));
    assertThat(changed.event()).isEqualTo(new Account.PasswordChanged("acc1", "$argon2id$new", T0.plusSeconds(5)));
    kit.restart();
    assertThat(kit.<StatusReply<Account.Credentials>>runCommand(Account.GetCredentials::new).reply().getValue().passwordHash())
        .isEqualTo("$argon2id$new");
  }

  @Test
  void aModeratorBansForAPeriodOrForGoodWithAReasonAndUnbans() {
    register("Rea");
    assertThat(Rejection.parse(ban(" ", null, T0).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    assertThat(Rejection.parse(ban("abuse", T0.minusSeconds(1), T0).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    var week = ban("abuse", T0.plus(java.time.Duration.ofDays(7)), T0).getValue();
    assertThat(week.bannedAt(T0.plus(java.time.Duration.ofDays(6)))).isTrue();
    assertThat(week.bannedAt(T0.plus(java.time.Duration.ofDays(7)))).as("the ban has run out").isFalse();
    var forGood = ban("spam again", null, T0.plusSeconds(60)).getValue();
    assertThat(forGood.bannedAt(T0.plus(java.time.Duration.ofDays(3650)))).isTrue();
    kit.restart();
    var unbanned = kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.Unban("admin", T0.plusSeconds(90), r));
    assertThat(unbanned.event()).isEqualTo(new Account.Unbanned("acc1", "admin", T0.plusSeconds(90)));
    assertThat(unbanned.reply().getValue().bannedAt(T0.plusSeconds(91))).isFalse();
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.Unban("admin", T0, r)).hasNoEvents()).isTrue();
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var registered = new Account.Registered("acc1", "k1:xx", "Rea", "$argon2id$h", Set.of("reader", "admin"), T0, false);
    var banned = new Account.Banned("acc1", "mod", "abuse", T0.plusSeconds(600), T0);
    var profile = new Account.Profile("acc1", "Rea", Set.of("reader"), T0, banned, true, null, true);
    SerializationCheck.assertRoundTrips(testKit.system(), java.util.List.of(
        registered, banned, new Account.Unbanned("acc1", "mod", T0), new Account.PasswordChanged("acc1", "$argon2id$h2", T0),
        new Account.EmailVerified("acc1", T0), new Account.Unregistered(),
        new Account.Active(registered, "$argon2id$h2", banned, true, "Rea D.", "Maps.", Set.of("reader", "author"), false),
        new Account.ProfileUpdated("acc1", "Rea D.", "Maps.", false, T0), new Account.RolesSet("acc1", Set.of("reader", "author"), "adm", T0),
        new Account.Erased("acc1", true, T0), new Account.Gone("acc1", T0),
        profile, new Account.Credentials("$argon2id$h", profile, "k1:xx")),
        Account.Event.class, Account.State.class);
  }

  private StatusReply<Account.Profile> update(String name, String bio, Boolean notify) {
    return kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.UpdateProfile(name, bio, notify, T0.plusSeconds(30), r)).reply();
  }

  @Test
  void theProfileChangesNameBioAndEmailSettingAndOnlyWhatIsGiven() {
    register("Rea");
    var named = update(" Rea Der ", "Reads maps.", null).getValue();
    assertThat(named.displayName()).isEqualTo("Rea Der");
    assertThat(named.bio()).isEqualTo("Reads maps.");
    assertThat(named.notifyOnDecision()).isTrue();
    assertThat(update(null, null, false).getValue()).extracting(Account.Profile::displayName, Account.Profile::notifyOnDecision)
        .containsExactly("Rea Der", false);
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.UpdateProfile(null, null, false, T0, r)).hasNoEvents())
        .as("no change, no event").isTrue();
    assertThat(Rejection.parse(update("R", null, null).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    assertThat(Rejection.parse(update(null, "b".repeat(301), null).getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    kit.restart();
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().getValue())
        .extracting(Account.Profile::displayName, Account.Profile::bio, Account.Profile::notifyOnDecision)
        .containsExactly("Rea Der", "Reads maps.", false);
  }

  private StatusReply<Account.Profile> roles(String adminId, String... roles) {
    return kit.<StatusReply<Account.Profile>>runCommand(r -> new Account.SetRoles(Set.of(roles), adminId, T0, r)).reply();
  }

  @Test
  void anAdminSetsRolesReaderAlwaysIncludedButNoAdminDemotesThemselves() {
    register("Rea");
    assertThat(roles("adm", "moderator").getValue().roles()).containsExactlyInAnyOrder("reader", "moderator");
    assertThat(Rejection.parse(roles("adm", "overlord").getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
    assertThat(roles("adm", "admin").getValue().roles()).containsExactlyInAnyOrder("reader", "admin");
    assertThat(Rejection.parse(roles("acc1", "reader").getError().getMessage()).kind()).as("acc1 is the admin here")
        .isEqualTo(Rejection.Kind.CONFLICT);
    kit.restart();
    assertThat(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().getValue().roles())
        .containsExactlyInAnyOrder("reader", "admin");
  }

  @Test
  void anErasedAccountRecoversFromItsErasedEventAloneAndTheAddressMaySignUpAgain() {
    register("Rea");
    var erased = kit.<StatusReply<org.apache.pekko.Done>>runCommand(r -> new Account.Erase(true, T0.plusSeconds(60), r));
    assertThat(erased.event()).isEqualTo(new Account.Erased("acc1", true, T0.plusSeconds(60)));
    assertThat(erased.stateOfType(Account.Gone.class).accountId()).isEqualTo("acc1");
    assertThat(Rejection.parse(kit.<StatusReply<Account.Profile>>runCommand(Account.GetProfile::new).reply().getError().getMessage()).kind())
        .isEqualTo(Rejection.Kind.FORBIDDEN);
    assertThat(kit.<StatusReply<Account.Credentials>>runCommand(Account.GetCredentials::new).reply().isError()).isTrue();
    assertThat(kit.<StatusReply<org.apache.pekko.Done>>runCommand(r -> new Account.Erase(true, T0, r)).hasNoEvents()).as("once").isTrue();

    // What the erasure projection leaves in the journal: the Erased event alone.
    kit.clear();
    kit.initialize(new Account.Erased("acc1", true, T0));
    assertThat(kit.getState()).isInstanceOf(Account.Gone.class);
    assertThat(register("Rea Again").getValue().displayName()).isEqualTo("Rea Again");
  }
}
