package org.maproom.platform.http;

import com.typesafe.config.Config;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a reader, an IP address), in this process's memory: {@code capacity} actions at once, refilled
 * evenly over {@code per}. Over the limit, {@link #check} throws a 429 problem with Retry-After. Keys whose bucket
 * is full again carry no information and are forgotten, so memory follows the keys active within one period.
 * Each node counts for itself: behind a load balancer over N nodes a key may get up to N times the limit.
 */
public final class RateLimiter {
  private static final int FORGET_ABOVE = 100_000;
  private final String what;
  private final long capacity;
  private final Duration per;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(String what, long capacity, Duration per) {
    this.what = what;
    this.capacity = capacity;
    this.per = per;
  }

  /** From a config block {@code { capacity = 10, per = 1m }}. */
  public static RateLimiter fromConfig(String what, Config config) {
    return new RateLimiter(what, config.getLong("capacity"), config.getDuration("per"));
  }

  /** Takes one token for {@code key}, or answers 429 with how long to wait. */
  public void check(String key) {
    ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) throw refusal(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /**
   * Answers 429 if {@code key} has no token left, taking none: for limits that count only failures (sign-in), where
   * the attempt spends one ({@link #spend}) only once it has failed.
   */
  public void checkRoom(String key) {
    EstimationProbe probe = bucket(key).estimateAbilityToConsume(1);
    if (!probe.canBeConsumed()) throw refusal(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Takes one token for {@code key} if there is one; never refuses. */
  public void spend(String key) {
    bucket(key).tryConsume(1);
  }

  private Bucket bucket(String key) {
    if (buckets.size() > FORGET_ABOVE) buckets.values().removeIf(b -> b.getAvailableTokens() >= capacity);
    return buckets.computeIfAbsent(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, per).build()).build());
  }

  private ProblemException refusal(Duration wait) {
    return ProblemException.tooManyRequests(
        "Too many " + what + " (at most " + capacity + " per " + human(per) + "); try again in " + seconds(wait) + " s.", wait);
  }

  /** Whole seconds to wait, rounded up (what Retry-After carries). */
  public static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static String human(Duration d) {
    return d.toSeconds() % 3600 == 0 ? d.toHours() + " h" : d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
