package org.maproom.moderation.identity;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.maproom.platform.db.Database;
import org.maproom.platform.http.ProblemException;

/**
 * Display names are unique by how they look, not by their code points: each account claims the confusable skeleton
 * (Unicode TS #39) of its case-folded, NFKC-normalized name, so "Rea Der", "REA DER" and "Rеa Der" with a Cyrillic е
 * are one name. Names that mix scripts to look like another are refused outright. The claims table makes the check
 * hold across the cluster (its key is the skeleton), ahead of the Account entity that records the name.
 */
public final class DisplayNames {
  private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
      .setChecks(SpoofChecker.MIXED_SCRIPT_CONFUSABLE | SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE
          | SpoofChecker.MIXED_NUMBERS)
      .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
      .build();
  private static final ProblemException TAKEN =
      new ProblemException(409, "Conflict", "That display name is taken, or looks too much like one that is.");
  private final Database db;

  public DisplayNames(Database db) {
    this.db = db;
  }

  /** Why a name could pass for another (scripts mixed to look alike, invisible characters), or null. */
  public static String spoofProblem(String name) {
    if (CHECKER.failsChecks(name)) {
      return "The display name mixes alphabets or characters in a way that could pass for another name.";
    }
    return null;
  }

  /** Two names with the same skeleton look alike. */
  public static String skeleton(String name) {
    String folded = UCharacter.foldCase(Normalizer2.getNFKCInstance().normalize(name.strip()), true);
    return CHECKER.getSkeleton(folded.replaceAll("\\s+", " "));
  }

  /**
   * Claims the name for the account; fails with 409 if another account holds it (or a look-alike). Claiming the
   * account's own name again succeeds. Completes with true when the claim is new (the caller releases it if what
   * it claimed it for then fails).
   */
  public CompletionStage<Boolean> claim(String accountId, String name, Instant at) {
    String problem = spoofProblem(name.strip());
    if (problem != null) throw new ProblemException(422, "Invalid request", problem);
    String key = skeleton(name);
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO display_names (skeleton, account_id, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, key);
        s.setString(2, accountId);
        s.setTimestamp(3, Timestamp.from(at));
        if (s.executeUpdate() == 1) return true;
      }
      try (PreparedStatement s = c.prepareStatement("SELECT account_id FROM display_names WHERE skeleton = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && accountId.equals(r.getString(1))) return false;
        }
      }
      throw TAKEN;
    });
  }

  /**
   * Claims the name, then does {@code work} (which records it); if the work fails, a claim made for it is given
   * back, and the work's failure is the answer.
   */
  public <T> CompletionStage<T> claimFor(String accountId, String name, Instant at, java.util.function.Supplier<CompletionStage<T>> work) {
    return claim(accountId, name, at).thenCompose(claimed -> work.get().exceptionallyCompose(failure ->
        (claimed ? release(accountId, name) : java.util.concurrent.CompletableFuture.<Void>completedFuture(null))
            .thenCompose(released -> java.util.concurrent.CompletableFuture.<T>failedFuture(failure))));
  }

  /** Gives the name up, if this account holds it. */
  public CompletionStage<Void> release(String accountId, String name) {
    String key = skeleton(name);
    return db.transact(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM display_names WHERE skeleton = ? AND account_id = ?")) {
        s.setString(1, key);
        s.setString(2, accountId);
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Gives up every name the account holds (erasure). */
  public static void releaseAll(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM display_names WHERE account_id = ?")) {
      s.setString(1, accountId);
      s.executeUpdate();
    }
  }
}
