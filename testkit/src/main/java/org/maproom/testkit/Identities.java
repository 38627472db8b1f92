package org.maproom.testkit;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.identity.IdentityToken;

/** Signs identities with the local key, as the gateway would, for tests that call a service directly. */
public final class Identities {
  private static final IdentityToken TOKENS =
      new IdentityToken(Base64.getDecoder().decode(LocalConfig.IDENTITY_KEY), Duration.ofMinutes(5), Clock.systemUTC());

  private Identities() {}

  public static Map<String, String> header(String accountId, String... roles) {
    return named(accountId, accountId, roles);
  }

  /** The header a page's beacon carries: the gateway rendered {@code articleId} for {@code readerId}. */
  public static Map<String, String> page(String articleId, String readerId) {
    return Map.of(IdentityToken.PAGE_HEADER, TOKENS.pageToken(articleId, readerId));
  }

  /** Whether a page rendered by the gateway carries a valid token for this article and reader. */
  public static boolean isPageToken(String token, String articleId, String readerId) {
    return TOKENS.verifyPageToken(token, articleId, readerId);
  }

  /** A correctly signed identity that ran out a minute ago. */
  public static Map<String, String> expired(String accountId, String... roles) {
    var past = new IdentityToken(Base64.getDecoder().decode(LocalConfig.IDENTITY_KEY), Duration.ofMinutes(1),
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2)));
    return Map.of(IdentityToken.HEADER, past.sign(new Identity(accountId, accountId, Set.of(roles))));
  }

  /** An identity signed with a key that is not the gateway's. */
  public static Map<String, String> forged(String accountId, String... roles) {
    var other = new IdentityToken(new byte[32], Duration.ofMinutes(5), Clock.systemUTC());
    return Map.of(IdentityToken.HEADER, other.sign(new Identity(accountId, accountId, Set.of(roles))));
  }

  public static Map<String, String> named(String accountId, String displayName, String... roles) {
    return Map.of(IdentityToken.HEADER, TOKENS.sign(new Identity(accountId, displayName, Set.of(roles))));
  }
}
