package org.maproom.platform.identity;

import java.util.Set;

/** Who is calling, as the gateway vouches for it. Roles: reader, author, moderator, admin (admin may do anything). */
public record Identity(String accountId, String displayName, Set<String> roles) {
  public static final String READER = "reader";
  public static final String AUTHOR = "author";
  public static final String MODERATOR = "moderator";
  public static final String ADMIN = "admin";

  public boolean has(String role) {
    return roles.contains(role) || roles.contains(ADMIN);
  }
}
