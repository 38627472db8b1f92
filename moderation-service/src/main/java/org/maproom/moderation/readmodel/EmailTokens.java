package org.maproom.moderation.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.maproom.moderation.identity.SecretTokens;
import org.maproom.platform.db.Database;

/** One-use tokens for emailed links (confirm the address, reset the password, stop emails), stored only hashed. */
public final class EmailTokens {
  public static final String VERIFY = "verify";
  public static final String RESET = "reset";
  /** The one-click "stop these emails" link in decision emails. */
  public static final String UNSUBSCRIBE = "unsubscribe";
  private final Database db;

  public EmailTokens(Database db) {
    this.db = db;
  }

  public CompletionStage<String> issue(String accountId, String purpose, Duration ttl, Instant now) {
    String token = SecretTokens.newToken();
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO email_tokens (token_hash, account_id, purpose, expires_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, SecretTokens.hash(token));
        s.setString(2, accountId);
        s.setString(3, purpose);
        s.setTimestamp(4, Timestamp.from(now.plus(ttl)));
        s.executeUpdate();
      }
      return token;
    });
  }

  /** The account a live, unused token of this purpose belongs to; using it spends it. */
  public CompletionStage<Optional<String>> redeem(String token, String purpose, Instant now) {
    return db.transact(c -> {
      String accountId;
      try (PreparedStatement s = c.prepareStatement("SELECT account_id FROM email_tokens WHERE token_hash = ? AND purpose = ? "
          + "AND used_at IS NULL AND expires_at > ? FOR UPDATE")) {
        s.setString(1, SecretTokens.hash(token));
        s.setString(2, purpose);
        s.setTimestamp(3, Timestamp.from(now));
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.<String>empty();
          accountId = r.getString(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE email_tokens SET used_at = ? WHERE token_hash = ?")) {
        s.setTimestamp(1, Timestamp.from(now));
        s.setString(2, SecretTokens.hash(token));
        s.executeUpdate();
      }
      return Optional.of(accountId);
    });
  }
}
