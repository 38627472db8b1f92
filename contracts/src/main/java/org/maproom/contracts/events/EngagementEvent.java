package org.maproom.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.maproom.contracts.http.EngagementApi;

/**
 * Events on {@code maproom.engagement.v1}: live counter snapshots for pages that are open. At most one per article
 * per second; each replaces the one before, so a consumer keeps the newest ({@code occurredAt}) and may miss some.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = EngagementEvent.CountersChanged.class, name = "CountersChanged")})
public sealed interface EngagementEvent extends PublicEvent {

  /** {@code eventId} is the article id and the snapshot's time, unique per snapshot. */
  record CountersChanged(String eventId, Instant occurredAt, String articleId, EngagementApi.Counters counters)
      implements EngagementEvent {}
}
