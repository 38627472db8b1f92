package org.maproom.platform.identity;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.maproom.contracts.EventJson;

/**
 * The signed, short-lived identity the gateway forwards to services in {@link #HEADER}: base64url(JSON claims), a dot,
 * base64url(HMAC-SHA256). No service trusts an identity without a valid signature and an expiry in the future.
 */
public final class IdentityToken {
  public static final String HEADER = "X-Maproom-Identity";
  /** Where a page's beacons (heartbeats, taps, votes, shares) carry their {@link #pageToken}. */
  public static final String PAGE_HEADER = "X-Maproom-Page-Token";

  private record Claims(String sub, String name, Set<String> roles, long exp) {}

  private final SecretKeySpec key;
  /** One keyed Mac per thread: looking up and keying a new one costs more than the signature (every page signs two). */
  private final ThreadLocal<Mac> macs;
  private final Duration ttl;
  private final Clock clock;

  public IdentityToken(byte[] key, Duration ttl, Clock clock) {
    if (key.length < 32) throw new IllegalArgumentException("the identity key must have at least 256 bits");
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** From {@code maproom.identity}: {@code key} (base64, set from the environment) and {@code ttl}. */
  public static IdentityToken fromConfig(Config config) {
    Config c = config.getConfig("maproom.identity");
    return new IdentityToken(Base64.getDecoder().decode(c.getString("key")), c.getDuration("ttl"), Clock.systemUTC());
  }

  public String sign(Identity identity) {
    long exp = clock.instant().plus(ttl).getEpochSecond();
    byte[] claims = EventJson.write(new Claims(identity.accountId(), identity.displayName(), identity.roles(), exp));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(claims) + "." + b64.encodeToString(mac(claims));
  }

  public Optional<Identity> verify(String token) {
    try {
      int dot = token.indexOf('.');
      if (dot < 0) return Optional.empty();
      Base64.Decoder b64 = Base64.getUrlDecoder();
      byte[] claims = b64.decode(token.substring(0, dot));
      if (!MessageDigest.isEqual(mac(claims), b64.decode(token.substring(dot + 1)))) return Optional.empty();
      Claims c = EventJson.mapper().readValue(claims, Claims.class);
      if (c.sub() == null || c.roles() == null || c.exp() < clock.instant().getEpochSecond()) return Optional.empty();
      return Optional.of(new Identity(c.sub(), c.name(), Set.copyOf(c.roles())));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** How long a rendered page's beacons are counted. */
  public static final Duration PAGE_TTL = Duration.ofHours(12);

  /** The proof that the gateway rendered {@code articleId} for {@code readerId}: its beacons carry it. */
  public String pageToken(String articleId, String readerId) {
    long issued = clock.instant().getEpochSecond();
    return issued + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(pageClaims(articleId, readerId, issued)));
  }

  /** Whether {@code token} was issued for this article and reader within {@link #PAGE_TTL}. */
  public boolean verifyPageToken(String token, String articleId, String readerId) {
    try {
      int dot = token.indexOf('.');
      if (dot < 0) return false;
      long issued = Long.parseLong(token.substring(0, dot));
      long now = clock.instant().getEpochSecond();
      if (issued > now + 60 || issued < now - PAGE_TTL.toSeconds()) return false;
      return MessageDigest.isEqual(mac(pageClaims(articleId, readerId, issued)), Base64.getUrlDecoder().decode(token.substring(dot + 1)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A form's anti-forgery token, bound to whoever holds the page (their session, else their reader id): a site that
   * cannot read our pages cannot post in the reader's name.
   */
  public String formToken(String holder) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(utf8("form\n" + holder)));
  }

  public boolean verifyFormToken(String token, String holder) {
    try {
      return token != null && MessageDigest.isEqual(mac(utf8("form\n" + holder)), Base64.getUrlDecoder().decode(token));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Prefixed, so a page token can never pass for an identity's signature or the other way round. */
  private static byte[] pageClaims(String articleId, String readerId, long issued) {
    return utf8("page\n" + articleId + "\n" + readerId + "\n" + issued);
  }

  private byte[] mac(byte[] data) {
    return macs.get().doFinal(data); // doFinal leaves the Mac reset for the next use
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
