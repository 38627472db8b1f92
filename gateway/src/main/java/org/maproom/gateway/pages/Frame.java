package org.maproom.gateway.pages;

import java.util.Optional;
import org.maproom.gateway.web.Visitors;

/** What every page's frame shows: the publication, the page's title, who is signed in, and the forms' token. */
public record Frame(String publication, String title, Optional<Visitors.SignedIn> signedIn, String formToken) {
  public static Frame of(String publication, String title, Visitors.Visitor visitor) {
    return new Frame(publication, title, visitor.signedIn(), visitor.formToken());
  }

  public Optional<String> displayName() {
    return signedIn.map(s -> s.account().displayName());
  }

  public boolean can(String role) {
    return signedIn.map(s -> s.has(role) || s.has("admin")).orElse(false);
  }

  public String asset(String name) {
    return Assets.url(name);
  }
}
