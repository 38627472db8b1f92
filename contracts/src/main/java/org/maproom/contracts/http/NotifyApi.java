package org.maproom.contracts.http;

import java.time.Instant;
import java.util.List;

/** The bodies of notify-service's HTTP API (docs/api/notify-service.yaml). */
public final class NotifyApi {
  private NotifyApi() {}

  /**
   * A sign-up as the reader typed it. {@code region}: ISO country code used when the number has no "+" prefix;
   * {@code consent} must be true: the box is never pre-ticked. {@code page}: where the form was. {@code ip} and
   * {@code userAgent}: the reader's, passed on by the gateway for the consent record (the address is kept encrypted).
   */
  public record Subscribe(String phone, String region, Boolean consent, String page, String ip, String userAgent) {
    public Subscribe(String phone, String region, Boolean consent, String page) {
      this(phone, region, consent, page, null, null);
    }
  }

  /** A number to take off the list (or, for an admin, to erase): as typed, with its region hint. */
  public record Number(String phone, String region) {}

  /** The same answer whether or not the number was on the list. */
  public record Accepted(String status) {}

  /** One sign-up's consent record: when, where, which disclosure (its SHA-256), from what browser. */
  public record ConsentRecord(Instant at, String page, String disclosureVersion, String userAgent) {}

  /** What the list holds about one number (admin): never the number itself. */
  public record SubscriberRecord(String lastDigits, boolean active, List<ConsentRecord> consents) {}

  /** The same answer whether or not the number was already subscribed. Only the last two digits are shown back. */
  public record Subscribed(String lastDigits) {}

  public record Stats(long activeSubscribers) {}

  /** A text the dev provider "sent": kept so developers and tests can read it. */
  public record OutboxMessage(String sendKey, String articleId, String toLastDigits, String body, Instant sentAt) {}

  public record Outbox(List<OutboxMessage> items) {}

  /** The one-click unsubscribe link's token, from the link in a text. */
  public record UnsubscribeLink(String token) {}

  /**
   * The SMS program: {@code live} false means the waitlist (numbers are stored, nothing is sent); the sending
   * window is the recipient's local time; {@code waiting}: numbers whose confirmation text has not gone out;
   * {@code providerFailing}: while not null, no text goes out because the provider blamed the account.
   */
  public record Program(boolean live, String windowStart, String windowEnd, Instant liveSince, long subscribers, long waiting,
      ProviderFailing providerFailing, Spend spend) {}

  /**
   * What the program has spent against its limits (0: no limit): confirmation texts claimed today (UTC) against the
   * daily cap, and this month's accepted texts' cost against the budget. {@code confirmationsWaiting}: the cap is
   * reached and further confirmations wait for tomorrow; {@code budgetReached}: no text goes out this month.
   */
  public record Spend(int confirmationsToday, int dailyConfirmationCap, boolean confirmationsWaiting, double spentThisMonth,
      double monthlyBudget, String currency, boolean budgetReached) {}

  /**
   * Sending held since {@code since}: {@code provider} answered {@code reason} (HTTP status and error code), which
   * blames the account or its configuration. Held until the account answers again or an admin resumes.
   */
  public record ProviderFailing(String provider, String reason, Instant since) {}

  /** A change to the program; absent fields stay as they are. */
  public record ProgramUpdate(Boolean live, String windowStart, String windowEnd) {}

  /**
   * One article's texts. {@code sent}: accepted by the provider; {@code delivered}/{@code failed}: the provider's
   * word since; {@code deferred}: waiting for the recipient's morning; {@code ambiguous}: in doubt and not resent;
   * {@code skipped}: the number left the list first; {@code open}: not yet settled. Rates over the last 10 s;
   * {@code etaSeconds}: null when nothing is moving (paused, or waiting for the window).
   */
  public record CampaignProgress(String articleId, String title, String status, int total, long sent, long delivered, long failed,
      long deferred, long ambiguous, long skipped, long cancelled, long open, long segments, double textsPerSecond,
      double segmentsPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt) {}

  public record Campaigns(List<CampaignProgress> items) {}
}
