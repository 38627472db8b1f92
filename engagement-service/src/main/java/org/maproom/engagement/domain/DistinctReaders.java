package org.maproom.engagement.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * A count of distinct readers that stays small however many there are: an HLL sketch (Apache DataSketches). Up to
 * 1,500 readers it keeps a list of 26-bit coupons and counts them, so a page that says 19 means 19; beyond that it
 * is an estimate, whose standard error at ten million is 0.8% (lgK 14, 8 KiB at most). Sketches merge, which is how the trailing 24 hours is counted. Mutable: an event handler
 * updates only a {@link #copy()} it has just made.
 */
public final class DistinctReaders {
  static final int LG_K = 14;
  private final HllSketch sketch;

  public DistinctReaders() {
    this(new HllSketch(LG_K, TgtHllType.HLL_4));
  }

  private DistinctReaders(HllSketch sketch) {
    this.sketch = sketch;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static DistinctReaders fromBytes(byte[] bytes) {
    return new DistinctReaders(HllSketch.heapify(bytes));
  }

  @JsonValue
  public byte[] toBytes() {
    return sketch.toCompactByteArray();
  }

  public DistinctReaders copy() {
    return new DistinctReaders(sketch.copy());
  }

  public void add(String readerId) {
    sketch.update(readerId);
  }

  public long count() {
    return Math.round(sketch.getEstimate());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DistinctReaders d && java.util.Arrays.equals(toBytes(), d.toBytes());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toBytes());
  }

  /** Distinct readers across all of {@code parts}, each counted once however many parts saw them. */
  public static long countAcross(Iterable<DistinctReaders> parts) {
    return Math.round(union(parts).getEstimate());
  }

  /** All of {@code parts} merged into one (none: an empty count), for counting across them and more again and again. */
  public static DistinctReaders merged(Iterable<DistinctReaders> parts) {
    return new DistinctReaders(union(parts).getResult(TgtHllType.HLL_8));
  }

  /** Distinct readers here or in {@code other} (null: here only). */
  public long countWith(DistinctReaders other) {
    if (other == null) return count();
    if (sketch.isEmpty()) return other.count();
    return countAcross(java.util.List.of(this, other));
  }

  private static Union union(Iterable<DistinctReaders> parts) {
    Union union = new Union(LG_K);
    parts.forEach(p -> union.update(p.sketch));
    return union;
  }
}
