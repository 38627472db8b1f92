package org.maproom.platform;

import java.util.Set;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * What every sharded maproom entity shares: its persistence id ({@code type|id}), a restart with backoff when the
 * journal refuses a write ({@link PersistFailures}), one tag on every event (the projection slice it belongs to), and
 * a snapshot every 100 events (two kept), so that recovery stays well under a second.
 */
public abstract class EventSourcedEntity<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {
  private final Set<String> tags;

  protected EventSourcedEntity(EntityTypeKey<C> type, String entityId, String tag) {
    super(PersistenceId.of(type.name(), entityId), PersistFailures.RESTART_WITH_BACKOFF);
    this.tags = Set.of(tag);
  }

  @Override
  public Set<String> tagsFor(E event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}
