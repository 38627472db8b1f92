package org.maproom.contracts;

/** Kafka topic names. A breaking change to an event is a new topic version, never an edit here. */
public final class Topics {
  public static final String CONTENT = "maproom.content.v1";
  public static final String MODERATION = "maproom.moderation.v1";
  public static final String ENGAGEMENT = "maproom.engagement.v1";

  public static final java.util.List<String> ALL = java.util.List.of(CONTENT, MODERATION, ENGAGEMENT);

  private Topics() {}
}
