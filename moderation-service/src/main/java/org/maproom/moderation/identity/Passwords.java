package org.maproom.moderation.identity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id at OWASP's minimum (19 MiB, t=2, p=1): about 100 ms of one core per hash, so it runs on its own small
 * pool and never on an actor or HTTP thread. A sign-in for an unknown email verifies against a dummy hash, so both
 * answers take the same time.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;
  private static final Argon2PasswordEncoder ENCODER = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
  private final Executor pool;
  private final String dummyHash;

  public Passwords(Executor pool) {
    this.pool = pool;
    this.dummyHash = ENCODER.encode("not-a-password-of-anyone");
  }

  public CompletionStage<String> hash(String password) {
    return CompletableFuture.supplyAsync(() -> ENCODER.encode(password), pool);
  }

  /** Verifies against {@code hash}, or against a dummy hash when there is none, taking the same time either way. */
  public CompletionStage<Boolean> matches(String password, String hash) {
    return CompletableFuture.supplyAsync(() -> {
      boolean ok = ENCODER.matches(password, hash == null ? dummyHash : hash);
      return ok && hash != null;
    }, pool);
  }

  public static boolean acceptable(String password) {
    return password != null && password.length() >= MIN_LENGTH && password.length() <= MAX_LENGTH;
  }
}
