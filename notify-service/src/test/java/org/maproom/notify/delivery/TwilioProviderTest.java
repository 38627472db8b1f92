package org.maproom.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.maproom.notify.delivery.SmsProvider.AccountFailing;
import org.maproom.notify.delivery.SmsProvider.Recipient;
import org.maproom.notify.delivery.SmsProvider.Refused;
import org.maproom.notify.delivery.SmsProvider.Throttled;
import org.maproom.notify.delivery.SmsProvider.Unknown;
import org.maproom.testkit.FakeSmsProvider;

/** Who a provider's answer blames: the recipient, the account, or the moment. */
class TwilioProviderTest {

  @Test
  void answersThatBlameTheAccountNeverBlameTheNumber() {
    for (int status : new int[] {401, 403, 404}) {
      assertThat(TwilioProvider.classify(status, 0)).as("HTTP " + status).isInstanceOf(AccountFailing.class);
    }
    for (int code : new int[] {20003, 20005, 21212, 21408, 21603, 21606, 21608, 21659}) {
      assertThat(TwilioProvider.classify(400, code)).as("error " + code).isInstanceOf(AccountFailing.class);
    }
  }

  @Test
  void onlyCodesAboutTheNumberBlameTheRecipientAndUnknownCodesBlameNobody() {
    assertThat(TwilioProvider.classify(400, 21610)).isEqualTo(new Refused(21610, "HTTP 400, error 21610", Recipient.OPTED_OUT));
    for (int code : new int[] {21211, 21214, 21612, 21614}) {
      assertThat(((Refused) TwilioProvider.classify(400, code)).why()).as("error " + code).isEqualTo(Recipient.UNREACHABLE);
    }
    assertThat(((Refused) TwilioProvider.classify(400, 21999)).why()).isEqualTo(Recipient.UNKNOWN);
    assertThat(((Refused) TwilioProvider.classify(400, 0)).why()).isEqualTo(Recipient.UNKNOWN);
  }

  @Test
  void throttlingAndServerErrorsAreTheMoment() {
    assertThat(TwilioProvider.classify(429, 20429)).isInstanceOf(Throttled.class);
    assertThat(TwilioProvider.classify(503, 0)).isInstanceOf(Throttled.class);
    assertThat(TwilioProvider.classify(400, 21611)).as("the queue full").isInstanceOf(Throttled.class);
    assertThat(TwilioProvider.classify(500, 0)).as("in doubt: it may have sent").isInstanceOf(Unknown.class);
  }

  @Test
  void aRevokedTokenIsTheAccountFailingOverRealHttpAndTheProbeSaysSo() {
    try (var fake = FakeSmsProvider.start("token")) {
      var twilio = new TwilioProvider("twilio", new TwilioProvider.Account(fake.baseUrl(), FakeSmsProvider.ACCOUNT_SID, "token",
          "+15005550006", ""), Duration.ofSeconds(5));
      var message = new SmsMessage("k1", "c", "s", "+447911123456", "hello");
      assertThat(twilio.accountWorks().toCompletableFuture().join()).isTrue();
      fake.revokeToken(true);
      assertThat(twilio.send(message).toCompletableFuture().join()).isEqualTo(new AccountFailing(401, 20003, "HTTP 401, error 20003"));
      assertThat(twilio.accountWorks().toCompletableFuture().join()).isFalse();
      assertThat(fake.messages()).isEmpty();
    }
  }
}
