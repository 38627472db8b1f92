package org.maproom.platform;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers kept for a few seconds and shared: a hot key costs one load every few seconds, however many ask (the
 * gateway's page parts). Concurrent misses share one load; a failure is not kept. A ttl of zero keeps nothing.
 */
public final class BriefCache {
  private static final int MAX_ENTRIES = 5_000;
  private record Entry(long expiresAt, CompletionStage<?> value) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;

  public BriefCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  @SuppressWarnings("unchecked")
  public <T> CompletionStage<T> get(String key, Supplier<CompletionStage<T>> load) {
    if (ttlNanos <= 0) return load.get();
    long now = System.nanoTime();
    if (entries.size() >= MAX_ENTRIES) entries.clear();
    Entry[] loaded = new Entry[1];
    Entry entry = entries.compute(key, (k, old) -> {
      if (old != null && old.expiresAt() - now > 0) return old;
      return loaded[0] = new Entry(now + ttlNanos, load.get());
    });
    // Once per load, outside compute (a failed stage may complete at once, and compute must not touch the map).
    if (loaded[0] != null) loaded[0].value().whenComplete((v, failure) -> {
      if (failure != null) entries.remove(key, loaded[0]);
    });
    return (CompletionStage<T>) entry.value();
  }
}
