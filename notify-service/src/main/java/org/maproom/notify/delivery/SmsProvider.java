package org.maproom.notify.delivery;

import java.util.concurrent.CompletionStage;

/**
 * Where texts go: a Twilio-compatible REST API in production, the dev outbox on a laptop. A send either provably
 * happened ({@link Accepted}), provably did not ({@link Refused}, {@link AccountFailing}, {@link Throttled}), or is in
 * doubt ({@link Unknown}: a timeout, a dropped connection, a 5xx) — and then only {@link #lookup} may say which, never
 * a second send. Who is at fault decides what follows: the recipient (this number never gets this text), the account
 * or configuration (no number gets any text until it is fixed: nothing about the subscriber may change), or a moment
 * (try again).
 */
public interface SmsProvider {
  /** The provider's name, recorded with each send so that later look-ups ask the one that was used. */
  String name();

  CompletionStage<Outcome> send(SmsMessage message);

  /** Whether a text with exactly this body went to this number: the look-up after an answer never came. */
  CompletionStage<Lookup> lookup(SmsMessage message);

  /** The message's delivery status now, for reconciling callbacks that never came. */
  CompletionStage<Lookup> status(String sid);

  /** Whether the account works now, asked without sending anything (a wrong token, a suspended account: no). */
  CompletionStage<Boolean> accountWorks();

  sealed interface Outcome {}

  record Accepted(String sid, String status, int segments) implements Outcome {}

  /** Definitely not sent, for a reason of this recipient's ({@code why}). */
  record Refused(int code, String reason, Recipient why) implements Outcome {
    public boolean optedOut() {
      return why == Recipient.OPTED_OUT;
    }
  }

  /**
   * Why a recipient was refused: they texted STOP to the provider; the number cannot take texts (not a mobile, not a
   * valid number, unreachable); or a code this client does not know, which says nothing about the number.
   */
  enum Recipient { OPTED_OUT, UNREACHABLE, UNKNOWN }

  /** Definitely not sent, and no text will be while the account or configuration stays as it is (a bad token...). */
  record AccountFailing(int status, int code, String reason) implements Outcome {}

  /** Definitely not sent, try again later (429, 503). */
  record Throttled(String reason) implements Outcome {}

  record Unknown(String reason) implements Outcome {}

  sealed interface Lookup {}

  record Found(String sid, String status, int errorCode) implements Lookup {}

  record NotFound() implements Lookup {}

  record LookupFailed(String reason) implements Lookup {}
}
