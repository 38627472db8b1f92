package org.maproom.platform.identity;

import java.util.Set;

/** Who is calling, as the gateway vouches for it. Roles: reader, author, moderator, admin (admin may do anything). */
public record Identity(String accountId, String displayName, Set<String> roles) {
  public static final String READER = "reader";
  public static final String AUTHOR = "author";
  public static final String MODERATOR = "moderator";
  public static final String ADMIN = "admin";
  /** Every role, least to most powerful. */
  public static final java.util.List<String> ROLES = java.util.List.of(READER, AUTHOR, MODERATOR, ADMIN);

  public boolean has(String role) {
    return roles.contains(role) || roles.contains(ADMIN);
  }
}
