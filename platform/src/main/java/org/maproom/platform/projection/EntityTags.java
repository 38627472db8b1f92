package org.maproom.platform.projection;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed tags of one entity type: each entity's events carry exactly one, chosen by its id, and one projection
 * instance runs per tag. The count is permanent once events are written (tags are stored with each event).
 */
public record EntityTags(String entityType, int count) {
  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> entityType + "-" + i).toList();
  }

  /** String.hashCode is fixed by the Java spec, so every JVM picks the same tag for an id. */
  public String forEntity(String entityId) {
    return entityType + "-" + Math.floorMod(entityId.hashCode(), count);
  }
}
