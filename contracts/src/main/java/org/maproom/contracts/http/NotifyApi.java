package org.maproom.contracts.http;

import java.time.Instant;
import java.util.List;

/** The bodies of notify-service's HTTP API (docs/api/notify-service.yaml). */
public final class NotifyApi {
  private NotifyApi() {}

  /**
   * A sign-up as the reader typed it. {@code region}: ISO country code used when the number has no "+" prefix;
   * {@code consent} must be true: the box is never pre-ticked. {@code page}: where the form was.
   */
  public record Subscribe(String phone, String region, Boolean consent, String page) {}

  /** The same answer whether or not the number was already subscribed. Only the last two digits are shown back. */
  public record Subscribed(String lastDigits) {}

  public record Stats(long activeSubscribers) {}

  /** A text the dev provider "sent": kept so developers and tests can read it. */
  public record OutboxMessage(String sendKey, String articleId, String toLastDigits, String body, Instant sentAt) {}

  public record Outbox(List<OutboxMessage> items) {}
}
