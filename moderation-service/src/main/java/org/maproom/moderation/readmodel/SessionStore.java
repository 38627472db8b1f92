package org.maproom.moderation.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.moderation.identity.SecretTokens;
import org.maproom.platform.db.Database;

/** Sign-in sessions: 256-bit random tokens, stored only as their SHA-256. */
public final class SessionStore {
  private final Database db;
  private final Duration ttl;

  public SessionStore(Database db, Duration ttl) {
    this.db = db;
    this.ttl = ttl;
  }

  public record NewSession(String token, Instant expiresAt) {}

  public CompletionStage<NewSession> start(String accountId, Instant now) {
    String token = SecretTokens.newToken();
    Instant expires = now.plus(ttl);
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, SecretTokens.hash(token));
        s.setString(2, accountId);
        s.setTimestamp(3, Timestamp.from(now));
        s.setTimestamp(4, Timestamp.from(expires));
        s.executeUpdate();
      }
      return new NewSession(token, expires);
    });
  }

  /** The account a live session belongs to. */
  public CompletionStage<Optional<String>> accountOf(String token, Instant now) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT account_id FROM sessions WHERE token_hash = ? AND expires_at > ?")) {
        s.setString(1, SecretTokens.hash(token));
        s.setTimestamp(2, Timestamp.from(now));
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /** Ends one session (sign-out). Ending one that is not there is not an error. */
  public CompletionStage<Integer> end(String token) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
        s.setString(1, SecretTokens.hash(token));
        return s.executeUpdate();
      }
    });
  }

  /** Ends every session of an account (sign-out everywhere, a new password). */
  public CompletionStage<Integer> endAll(String accountId) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE account_id = ?")) {
        s.setString(1, accountId);
        return s.executeUpdate();
      }
    });
  }

  /** An account's live sessions, without their tokens (its data download). */
  public CompletionStage<java.util.List<ModerationApi.SessionInfo>> list(String accountId, Instant now) {
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT created_at, expires_at FROM sessions WHERE account_id = ? AND expires_at > ? ORDER BY created_at")) {
        s.setString(1, accountId);
        s.setTimestamp(2, Timestamp.from(now));
        try (ResultSet r = s.executeQuery()) {
          var items = new java.util.ArrayList<ModerationApi.SessionInfo>();
          while (r.next()) {
            items.add(new ModerationApi.SessionInfo(r.getTimestamp(1).toInstant(), r.getTimestamp(2).toInstant()));
          }
          return items;
        }
      }
    });
  }
}
