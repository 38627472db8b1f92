package org.maproom.notify.delivery;

import java.util.concurrent.CompletionStage;

/**
 * Where texts go: a Twilio-compatible REST API in production, the dev outbox on a laptop. A send either provably
 * happened ({@link Accepted}), provably did not ({@link Refused}, {@link Throttled}), or is in doubt ({@link Unknown}:
 * a timeout, a dropped connection, a 5xx) — and then only {@link #lookup} may say which, never a second send.
 */
public interface SmsProvider {
  /** The provider's name, recorded with each send so that later look-ups ask the one that was used. */
  String name();

  CompletionStage<Outcome> send(SmsMessage message);

  /** Whether a text with exactly this body went to this number: the look-up after an answer never came. */
  CompletionStage<Lookup> lookup(SmsMessage message);

  /** The message's delivery status now, for reconciling callbacks that never came. */
  CompletionStage<Lookup> status(String sid);

  sealed interface Outcome {}

  record Accepted(String sid, String status, int segments) implements Outcome {}

  /** Definitely not sent. {@code optedOut}: the recipient texted STOP to the provider (Twilio error 21610). */
  record Refused(int code, String reason, boolean optedOut) implements Outcome {}

  /** Definitely not sent, try again later (429, 503). */
  record Throttled(String reason) implements Outcome {}

  record Unknown(String reason) implements Outcome {}

  sealed interface Lookup {}

  record Found(String sid, String status, int errorCode) implements Lookup {}

  record NotFound() implements Lookup {}

  record LookupFailed(String reason) implements Lookup {}
}
