package org.maproom.platform;

import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data at rest: AES-256-GCM with a fresh 96-bit nonce per value and the key id stored in front
 * ({@code k1:base64}), so keys can rotate (new values use the current key, old keys still decrypt). Lookups go by a
 * keyed hash (HMAC-SHA256 with a separate key), never by the plain value. Keys come from {@code maproom.pii}.
 */
public final class PiiCipher {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, SecretKeySpec> keys;
  private final String currentKeyId;
  private final SecretKeySpec lookupKey;

  public PiiCipher(Map<String, byte[]> keys, String currentKeyId, byte[] lookupKey) {
    this.keys = new HashMap<>();
    keys.forEach((id, key) -> this.keys.put(id, new SecretKeySpec(requireKey(key), "AES")));
    if (!this.keys.containsKey(currentKeyId)) throw new IllegalArgumentException("no key " + currentKeyId);
    this.currentKeyId = currentKeyId;
    this.lookupKey = new SecretKeySpec(requireKey(lookupKey), "HmacSHA256");
  }

  public static PiiCipher fromConfig(Config config) {
    Config c = config.getConfig("maproom.pii");
    Map<String, byte[]> keys = new HashMap<>();
    c.getConfig("keys").root().keySet().forEach(id -> keys.put(id, Base64.getDecoder().decode(c.getString("keys." + id))));
    return new PiiCipher(keys, c.getString("current-key"), Base64.getDecoder().decode(c.getString("lookup-key")));
  }

  /** {@code context} binds the ciphertext to its owner (e.g. the subscriber id): it cannot be moved to another row. */
  public String encrypt(String plaintext, String context) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return currentKeyId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String decrypt(String ciphertext, String context) {
    try {
      int colon = ciphertext.indexOf(':');
      SecretKeySpec key = keys.get(ciphertext.substring(0, colon));
      if (key == null) throw new IllegalStateException("unknown key id");
      byte[] in = Base64.getDecoder().decode(ciphertext.substring(colon + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt", e);
    }
  }

  /** A stable, keyed, one-way id for a value: the same input always gives the same 32 hex characters. */
  public String lookupHash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(lookupKey);
      byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] requireKey(byte[] key) {
    if (key.length != 32) throw new IllegalArgumentException("PII keys must be 256 bits (32 bytes, base64)");
    return key;
  }
}
