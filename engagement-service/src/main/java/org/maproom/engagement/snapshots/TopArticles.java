package org.maproom.engagement.snapshots;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.platform.db.Database;

/**
 * The articles with the most readers, from the snapshots {@link CounterSnapshots} stores: by reach for all time, or
 * by active readers for the last 24 hours (as of each article's last snapshot; an article nobody opened or read in
 * 24 hours has none and is left out).
 */
public final class TopArticles {
  public static final List<String> WINDOWS = List.of("24h", "all");
  private final Database db;
  private final Clock clock;

  public TopArticles(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public CompletionStage<EngagementApi.TopArticles> top(String window, int limit) {
    boolean day = window.equals("24h");
    String sql = day
        ? "SELECT article_id, active_24h, views FROM article_counters WHERE updated_at >= ? AND active_24h > 0"
            + " ORDER BY active_24h DESC, article_id LIMIT ?"
        : "SELECT article_id, reach, views FROM article_counters WHERE updated_at >= ? ORDER BY reach DESC, article_id LIMIT ?";
    var since = day ? clock.instant().minus(Duration.ofHours(24)) : java.time.Instant.EPOCH;
    return db.transact(c -> {
      try (PreparedStatement st = c.prepareStatement(sql)) {
        st.setObject(1, since.atOffset(ZoneOffset.UTC));
        st.setInt(2, limit);
        List<EngagementApi.TopArticle> items = new ArrayList<>();
        try (ResultSet r = st.executeQuery()) {
          while (r.next()) items.add(new EngagementApi.TopArticle(r.getString(1), r.getLong(2), r.getLong(3)));
        }
        return new EngagementApi.TopArticles(window, items);
      }
    });
  }
}
