package org.maproom.platform.projection;

import java.time.Instant;

/** Where a journal event came from. Its {@link #eventId()} is stable across redelivery: consumers dedupe on it. */
public record EventMeta(String persistenceId, long sequenceNr, Instant occurredAt) {
  public String eventId() {
    return persistenceId + ":" + sequenceNr;
  }
}
