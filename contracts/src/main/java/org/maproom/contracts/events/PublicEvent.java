package org.maproom.contracts.events;

import java.time.Instant;

/**
 * What every event between services carries. {@code eventId} is stable across redelivery (persistence id and
 * sequence number of the journal event it came from), so consumers dedupe on it. The Kafka key is {@link #articleId()}.
 */
public interface PublicEvent {
  String eventId();

  Instant occurredAt();

  String articleId();
}
