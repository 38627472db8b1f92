package org.maproom.gateway.pages;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the article page needs from content- and moderation-service, kept for a few seconds: a viral article costs
 * them one call per key every few seconds, however many readers there are. Concurrent misses share one call; a
 * failure is not kept. Nothing per reader goes in here.
 */
public final class PageCache {
  private static final int MAX_ENTRIES = 5_000;
  private record Entry(long expiresAt, CompletionStage<?> value) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;

  public PageCache(Duration ttl) {
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
