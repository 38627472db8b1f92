package org.maproom.gateway.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;

/**
 * The one way the gateway knows a reader's address: the connection's peer, unless the gateway stands behind
 * {@code trustedHops} proxies (the Ingress: 1), each of which appends the address it saw to X-Forwarded-For; then
 * it is the entry that the outermost trusted proxy wrote, counted from the right. Entries to its left are the
 * client's own claims and are never believed. Never null: a header that is short or unreadable means the peer.
 */
public record ClientAddress(int trustedHops) {
  public ClientAddress {
    if (trustedHops < 0 || trustedHops > 5) throw new IllegalArgumentException("trusted proxy hops must be 0 to 5");
  }

  public String of(HttpRequest request) {
    String peer = request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress)
        .map(InetAddress::getHostAddress).orElse("unknown");
    if (trustedHops == 0) return peer;
    List<String> values = new ArrayList<>();
    for (HttpHeader h : request.getHeaders()) if (h.is("x-forwarded-for")) values.add(h.value());
    String forwarded = String.join(",", values);
    String[] hops = forwarded.isBlank() ? new String[0] : forwarded.split(",");
    if (hops.length < trustedHops) return peer;
    return literal(hops[hops.length - trustedHops].strip()).orElse(peer);
  }

  /** An IPv4 or IPv6 literal, normalized; never a name (no DNS lookup). */
  static Optional<String> literal(String s) {
    String bare = s.startsWith("[") && s.contains("]") ? s.substring(1, s.indexOf(']')) : s;
    boolean v4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) return Optional.empty();
    try {
      return Optional.of(InetAddress.getByName(bare).getHostAddress());
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
  }
}
