package org.maproom.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Erasure in an event-sourced store: once an entity has persisted an event that carries all it still needs (and
 * nothing personal), the events and snapshots before it are deleted. The entity recovers from that event alone; its
 * sequence numbers go on from it, since it stays the highest.
 */
public final class JournalPurge {
  private JournalPurge() {}

  /** Deletes the entity's events and snapshots before {@code sequenceNr}, in the caller's transaction. */
  public static void before(Connection c, String persistenceId, long sequenceNr) throws SQLException {
    for (String table : new String[] {"event_journal", "snapshot"}) {
      try (PreparedStatement delete = c.prepareStatement(
          "DELETE FROM " + table + " WHERE persistence_id = ? AND sequence_number < ?")) {
        delete.setString(1, persistenceId);
        delete.setLong(2, sequenceNr);
        delete.executeUpdate();
      }
    }
  }
}
