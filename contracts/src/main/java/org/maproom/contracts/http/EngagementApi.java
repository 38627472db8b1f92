package org.maproom.contracts.http;

/** The bodies of engagement-service's HTTP API (docs/api/engagement-service.yaml). */
public final class EngagementApi {
  private EngagementApi() {}

  /** {@code readerId}: the gateway's first-party anonymous reader id. */
  public record RecordView(String readerId) {}

  /** {@code views}: page views counted; {@code comments}: approved comments currently visible. */
  public record Counters(String articleId, long views, long comments) {}
}
