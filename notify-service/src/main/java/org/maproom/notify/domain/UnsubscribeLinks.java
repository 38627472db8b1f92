package org.maproom.notify.domain;

import java.util.Optional;
import org.maproom.platform.PiiCipher;

/**
 * The one-click link in every text: {@code <base><send id>.<keyed hash of it>}. Nothing is stored to make one; the
 * keyed hash (80 bits, from the PII lookup key) makes it unguessable, and the send it names says whose number leaves
 * the list. Each link works once (the send records its use).
 */
public final class UnsubscribeLinks {
  private static final int MAC_CHARS = 20;
  private final PiiCipher pii;
  private final String base;

  public UnsubscribeLinks(PiiCipher pii, String base) {
    this.pii = pii;
    this.base = base;
  }

  public String linkFor(long sendId) {
    return base + tokenFor(sendId);
  }

  public String tokenFor(long sendId) {
    String id = Long.toString(sendId, 36);
    return id + "." + mac(id);
  }

  /** The send a token names, if the token is one we made. */
  public Optional<Long> sendOf(String token) {
    if (token == null || token.length() > 40) return Optional.empty();
    int dot = token.indexOf('.');
    if (dot <= 0) return Optional.empty();
    String id = token.substring(0, dot);
    if (!id.matches("[0-9a-z]{1,13}") || !java.security.MessageDigest.isEqual(
        mac(id).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        token.substring(dot + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(id, 36));
  }

  private String mac(String id) {
    return pii.lookupHash("unsubscribe-link:" + id).substring(0, MAC_CHARS);
  }
}
