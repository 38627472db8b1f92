package org.maproom.notify.delivery;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Where texts go: the dev outbox here; a Twilio-compatible client in production. */
public interface SmsProvider {
  CompletionStage<Done> send(SmsMessage message);
}
