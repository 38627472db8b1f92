package org.maproom.notify.delivery;

/**
 * One text to send. {@code sendKey} names it uniquely (article and subscriber): a provider given the same key twice
 * must not text twice (the dev outbox ignores the repeat; a real provider looks the first one up).
 */
public record SmsMessage(String sendKey, String articleId, String subscriberId, String to, String body) {
  /** The number with all but the last two digits hidden, for anything a person may read. */
  public String maskedTo() {
    return "\u2022\u2022" + to.substring(to.length() - 2);
  }
}
