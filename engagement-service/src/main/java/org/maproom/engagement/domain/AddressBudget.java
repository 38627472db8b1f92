package org.maproom.engagement.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.maproom.platform.http.AddressKey;

/**
 * How much one address may move an article's public counters in an hour: at most {@code perHour} counted hits
 * (views, shares), so at most that many new readers, however a script varies its cookies and user agents. Addresses
 * count as {@link AddressKey} keys them (an IPv6 address by its /64). Hits beyond the budget are answered as usual and not
 * counted. It lives in the article's entity, so it holds across every node; it is not persisted, so a restarted or
 * moved entity starts its hour afresh. Memory: about 18 bytes per address seen in the current hour.
 */
public final class AddressBudget {
  private final int perHour;
  private long hour = Long.MIN_VALUE;
  /** Open addressing: a 64-bit hash of the address (0: free) and its count this hour. */
  private long[] keys = new long[64];
  private short[] counts = new short[64];
  private int size;

  public AddressBudget(int perHour) {
    if (perHour < 1 || perHour > Short.MAX_VALUE) throw new IllegalArgumentException("the budget must be 1 to 32767 per hour");
    this.perHour = perHour;
  }

  /** Whether a hit from {@code address} at {@code at} is counted; if so, it is spent. No address: one shared budget. */
  public boolean spend(String address, Instant at) {
    long now = at.getEpochSecond() / 3600;
    if (now != hour) {
      hour = now;
      keys = new long[64];
      counts = new short[64];
      size = 0;
    }
    int slot = slotOf(hash(AddressKey.of(address)));
    if (counts[slot] >= perHour) return false;
    if (counts[slot]++ == 0 && ++size * 2 > keys.length) grow();
    return true;
  }

  private int slotOf(long key) {
    int mask = keys.length - 1;
    int i = (int) (key ^ (key >>> 32)) & mask;
    while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
    keys[i] = key;
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    short[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new short[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) counts[slotOf(oldKeys[i])] = oldCounts[i];
    }
  }

  /**
   * Readers rather than hits: whether {@code readerId} at {@code address} counts, each address admitting at most
   * {@code perHour} distinct readers an hour and every admitted reader as often as they like (a reader taps, takes
   * back and taps again; a script with fresh cookies is a new reader each time). Memory: the admitted readers' hashes.
   */
  public static final class Readers {
    private final int perHour;
    private long hour = Long.MIN_VALUE;
    private java.util.Map<Long, int[]> admitted = new java.util.HashMap<>();

    public Readers(int perHour) {
      if (perHour < 1) throw new IllegalArgumentException("the budget must be at least 1 a hour");
      this.perHour = perHour;
    }

    public boolean admit(String address, String readerId, Instant at) {
      long now = at.getEpochSecond() / 3600;
      if (now != hour) {
        hour = now;
        admitted = new java.util.HashMap<>();
      }
      int reader = readerId == null ? 0 : readerId.hashCode();
      long key = hash(AddressKey.of(address));
      int[] readers = admitted.computeIfAbsent(key, k -> new int[] {0});
      for (int i = 1; i <= readers[0]; i++) if (readers[i] == reader) return true;
      if (readers[0] >= perHour) return false;
      if (readers[0] + 1 == readers.length) readers = Arrays.copyOf(readers, Math.min(perHour + 1, readers.length * 2 + 1));
      readers[++readers[0]] = reader;
      admitted.put(key, readers);
      return true;
    }
  }

  /** FNV-1a, 64 bits; never 0 (the free slot's mark). */
  private static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }
}
