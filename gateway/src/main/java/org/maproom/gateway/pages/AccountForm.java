package org.maproom.gateway.pages;

/**
 * One of the account forms (account-form.jte): {@code kind} sign-in, sign-up, reset-request or reset; what to say
 * above it; and what the visitor typed, to show it again (never the password).
 */
public record AccountForm(String kind, String error, String message, String next, String email, String displayName, String token) {
  public static AccountForm of(String kind) {
    return new AccountForm(kind, null, null, "/", "", "", "");
  }

  public AccountForm withError(String error) {
    return new AccountForm(kind, error, message, next, email, displayName, token);
  }
}
