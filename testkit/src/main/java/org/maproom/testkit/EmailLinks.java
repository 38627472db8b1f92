package org.maproom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.maproom.contracts.http.ModerationApi;

/** Follows the links in the dev mailer's outbox, through the gateway, as a reader clicking them would. */
public final class EmailLinks {
  private static final Pattern VERIFY = Pattern.compile("verify-email\\?token=([A-Za-z0-9_-]+)");

  private EmailLinks() {}

  /** Confirms the address of the newest sign-up email (the outbox is listed with {@code admin}'s session). */
  public static void confirmNewestSignUp(JsonHttp gateway, Map<String, String> admin) {
    var verified = gateway.post("/api/accounts/verify", new ModerationApi.VerifyEmail(newestVerifyToken(gateway, admin)));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
  }

  /** The token in the link of the newest sign-up email. */
  public static String newestVerifyToken(JsonHttp gateway, Map<String, String> admin) {
    var emails = gateway.get("/api/admin/email/outbox", admin).as(ModerationApi.EmailOutbox.class).items();
    return emails.stream().map(e -> VERIFY.matcher(e.body())).filter(Matcher::find).map(m -> m.group(1)).findFirst()
        .orElseThrow(() -> new AssertionError("no confirmation email in the outbox"));
  }
}
