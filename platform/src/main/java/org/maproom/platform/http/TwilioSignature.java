package org.maproom.platform.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Twilio-Signature} of a webhook: base64 of HMAC-SHA1, keyed by the account's auth token, over the full
 * URL followed by every POST parameter's name and value in name order. Used by notify-service to check inbound texts
 * and status callbacks, and by the test provider to sign them.
 */
public final class TwilioSignature {
  public static final String HEADER = "X-Twilio-Signature";

  private TwilioSignature() {}

  public static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** In constant time; false for a missing signature. */
  public static boolean verify(String authToken, String url, Map<String, String> params, String signature) {
    if (signature == null) return false;
    return MessageDigest.isEqual(sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
