package org.maproom.contracts.events;

import java.time.Instant;

/**
 * What every event between services carries. {@code eventId} is stable across redelivery (persistence id and
 * sequence number of the journal event it came from), so consumers dedupe on it. The Kafka key is {@link #key()}.
 */
public interface PublicEvent {
  String eventId();

  Instant occurredAt();

  String articleId();

  /** The Kafka key: the article id, so one article's events stay in order; an event about no article says its own. */
  default String key() {
    return articleId();
  }
}
