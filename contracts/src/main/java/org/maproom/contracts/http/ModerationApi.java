package org.maproom.contracts.http;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The bodies of moderation-service's HTTP API (docs/api/moderation-service.yaml). */
public final class ModerationApi {
  private ModerationApi() {}

  public record SignUp(String email, String displayName, String password) {}

  /** {@code ip}: the reader's address, for the per-address limit on attempts only (never stored). */
  public record SignIn(String email, String password, String ip) {
    public SignIn(String email, String password) {
      this(email, password, null);
    }
  }

  public record EndSession(String token) {}

  public record SessionsEnded(int sessions) {}

  /** Changing the password ends every session and starts a new one for the caller. */
  public record ChangePassword(String currentPassword, String newPassword) {}

  public record ResolveSession(String token) {}

  /** {@code emailVerified}: the address was confirmed by its link; commenting needs it. */
  public record Account(String id, String displayName, Set<String> roles, Instant joinedAt, boolean emailVerified) {}

  /** The same answer whether or not the address was already registered: what to do next is in the email. */
  public record SignUpAccepted(String status) {}

  /** The token from the link in the confirmation email. */
  public record VerifyEmail(String token) {}

  /** Ask for a reset link; the answer is the same whether or not the address is registered. */
  public record RequestPasswordReset(String email, String ip) {}

  /** The token from the reset link, and the new password; every session ends. */
  public record ResetPassword(String token, String newPassword) {}

  /** One message of the dev outbox; {@code to} is masked (r***@example.org). */
  public record Email(String accountId, String to, String subject, String body, Instant sentAt) {}

  public record EmailOutbox(List<Email> items) {}

  /** A new session: the token is shown once and stored only hashed. */
  public record Session(String token, Account account, Instant expiresAt) {}

  /** {@code parentId}: the approved top-level comment this replies to, or null. */
  public record SubmitComment(String body, String parentId) {
    /** A top-level comment. */
    public SubmitComment(String body) {
      this(body, null);
    }
  }

  /** An author's edit, within 10 minutes of writing. */
  public record EditComment(String body) {}

  /**
   * {@code status}: pending, approved, rejected or removed. {@code body} is as written: render it escaped.
   * {@code heldFor}: why automatic screening held it for a moderator (empty when it did not).
   */
  public record Comment(
      String id, String articleId, String parentId, String authorId, String authorName, String body, String status,
      Instant createdAt, List<String> heldFor) {}

  /** A page of comments; {@code nextCursor} null on the last page; {@code total} all that match, on every page. */
  public record CommentList(List<Comment> items, String nextCursor, long total) {}

  /** {@code reason}: one of the configured reasons; {@code note} optional, for other moderators. */
  public record Reject(String reason, String note) {}

  public record Remove(String reason) {}

  /** {@code action}: approve, reject, remove or restore, applied to each id on its own. */
  public record Bulk(String action, List<String> ids, String reason, String note) {}

  /** Per id: the comment's new state, or the problem that stopped it. */
  public record BulkResult(List<BulkItem> items) {}

  public record BulkItem(String id, Comment comment, Problem problem) {}

  /** One moderation decision: who, when, why. {@code action}: approved, rejected, removed or restored. */
  public record Decision(String commentId, String action, String moderatorId, String reason, String note, Instant at) {}

  public record DecisionList(List<Decision> items, String nextCursor) {}

  /** A comment with what a moderator needs to judge it. {@code parent} null for a top-level comment. */
  public record CommentContext(
      Comment comment, String articleTitle, Comment parent, List<Comment> authorHistory, List<Decision> decisions,
      List<ReportEntry> reports) {}

  /** A reader's report of a comment. */
  public record ReportEntry(String readerId, String reason, Instant at) {}

  /** {@code reason}: one of the configured reasons. */
  public record ReportComment(String reason) {}

  /**
   * An article's comment policy. {@code preModerate}: "everyone" (the default) or "untrusted" (trusted readers'
   * comments skip the queue); {@code closeAfterDays}: null to stay open.
   */
  public record ThreadPolicy(boolean closed, String preModerate, Integer closeAfterDays) {}

  /** {@code until}: null bans for good. */
  public record Ban(String reason, Instant until) {}

  /** Whether an account may comment. {@code bannedUntil} null with {@code banned} true: for good. */
  public record Standing(String accountId, String displayName, boolean banned, Instant bannedUntil, String reason) {}

  /** What anyone may see of an account. {@code approvedComments}: its comments visible now. */
  public record Profile(String id, String displayName, String bio, Instant joinedAt, long approvedComments) {}

  /**
   * One's own account. {@code notifyOnDecision}: email me when a moderator approves or rejects my comment.
   */
  public record MyAccount(String id, String email, String displayName, String bio, Set<String> roles, Instant joinedAt,
      boolean emailVerified, boolean notifyOnDecision) {}

  /** Change any of these; a null field stays as it is. */
  public record UpdateProfile(String displayName, String bio, Boolean notifyOnDecision) {}

  /** An admin sets an account's roles (reader is always among them). */
  public record SetRoles(Set<String> roles) {}

  /**
   * Delete one's account, confirmed with the password. {@code comments}: "keep" leaves one's approved comments up
   * under "Deleted account", "remove" takes them down; either way every other comment's text is erased.
   */
  public record DeleteAccount(String password, String comments) {}

  /** The token from the one-click link in a decision email. */
  public record Unsubscribe(String token) {}

  /** A session, without its token. */
  public record SessionInfo(Instant createdAt, Instant expiresAt) {}

  /** A report one made. */
  public record MyReport(String commentId, String reason, Instant at) {}

  /** Everything moderation-service holds about the caller ("download my data"). */
  public record DataExport(MyAccount account, Standing standing, List<Comment> comments, List<MyReport> reports,
      List<SessionInfo> sessions, Instant exportedAt) {}
}
