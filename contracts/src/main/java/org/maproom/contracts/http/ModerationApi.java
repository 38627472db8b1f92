package org.maproom.contracts.http;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The bodies of moderation-service's HTTP API (docs/api/moderation-service.yaml). */
public final class ModerationApi {
  private ModerationApi() {}

  public record SignUp(String email, String displayName, String password) {}

  public record SignIn(String email, String password) {}

  public record ResolveSession(String token) {}

  public record Account(String id, String displayName, Set<String> roles, Instant joinedAt) {}

  /** A new session: the token is shown once and stored only hashed. */
  public record Session(String token, Account account, Instant expiresAt) {}

  public record SubmitComment(String body) {}

  public record Comment(
      String id, String articleId, String authorId, String authorName, String body, String status, Instant createdAt) {}

  public record CommentList(List<Comment> items) {}
}
