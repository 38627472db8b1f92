package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.http.NotifyApi;
import org.maproom.testkit.Identities;
import org.maproom.testkit.TestService;

/** Numbers that wait on the waitlist longer than its retention are erased, as the sign-up form promised. */
class WaitlistRetentionTest {
  @Test
  void aNumberNeverConfirmedIsErasedAfterTheRetentionPeriod() {
    try (TestService service = TestService.startWithBroker(Main.NAME, Main::init,
        Map.of("notify.sms.live-initially", "false", "notify.sms.waitlist-retention", "3s"))) {
      var http = service.http();
      var admin = Identities.header("ops", "admin");
      assertThat(http.post("/subscriptions", new NotifyApi.Subscribe("07911 123801", "GB", true, "/")).status()).isEqualTo(202);
      await().atMost(TestService.patience()).until(() -> http.get("/admin/sms/program", admin).as(NotifyApi.Program.class).waiting() == 1);
      assertThat(http.post("/admin/subscriptions/lookup", new NotifyApi.Number("07911123801", "GB"), admin).status()).isEqualTo(200);

      await().atMost(TestService.patience()).until(() ->
          http.post("/admin/subscriptions/lookup", new NotifyApi.Number("07911123801", "GB"), admin).status() == 404);
      await().atMost(TestService.patience()).untilAsserted(() -> {
        var program = http.get("/admin/sms/program", admin).as(NotifyApi.Program.class);
        assertThat(program.waiting()).isZero();
        assertThat(program.subscribers()).isZero();
      });
      assertThat(http.get("/outbox", admin).as(NotifyApi.Outbox.class).items()).as("nothing was ever sent").isEmpty();
    }
  }
}
