package org.maproom.platform.http;

import java.util.Arrays;
import java.util.Locale;

/**
 * What every per-address limit counts a client by: an IPv4 address as it is; an IPv6 address by its /64, the block
 * one subscriber gets (or a script would take a fresh address per request); no address at all as one shared key,
 * never as a reason to skip the limit.
 */
public final class AddressKey {
  public static final String UNKNOWN = "unknown";

  private AddressKey() {}

  public static String of(String address) {
    if (address == null || address.isBlank()) return UNKNOWN;
    if (!address.contains(":")) return address;
    String[] groups = expand(address.toLowerCase(Locale.ROOT));
    return groups == null ? address : String.join(":", Arrays.copyOf(groups, 4)) + "::/64";
  }

  /** The eight groups of an IPv6 literal, "::" expanded; null if it is not one. */
  private static String[] expand(String v6) {
    String[] halves = v6.split("::", -1);
    if (halves.length > 2) return null;
    String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
    String[] tail = halves.length == 1 || halves[1].isEmpty() ? new String[0] : halves[1].split(":");
    if (halves.length == 1 && head.length != 8 || head.length + tail.length > 8) return null;
    String[] groups = new String[8];
    Arrays.fill(groups, "0");
    System.arraycopy(head, 0, groups, 0, head.length);
    System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
    for (int i = 0; i < 8; i++) groups[i] = groups[i].replaceFirst("^0+(?=.)", "");
    return groups;
  }
}
