package org.maproom.gateway.consoles;

import java.util.Map;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.gateway.pages.Pages;
import org.maproom.platform.http.Api;
import org.maproom.platform.http.ProblemException;

/**
 * The writer's, moderator's and operator's consoles: role-gated pages whose script works the same JSON API that
 * scripts use (docs/api/gateway.yaml), signed in by the session cookie with the page's anti-forgery token.
 */
public final class ConsolePages {
  private final Pages pages;

  public ConsolePages(Pages pages) {
    this.pages = pages;
  }

  public Api register(Api api) {
    return api
        .get("/console/write", p -> console("write", "author", "Write"))
        .get("/console/moderate", p -> console("moderate", "moderator", "Moderate"))
        .get("/console/operate", p -> console("operate", "admin", "Operate"));
  }

  /** Not signed in: to the sign-in page and back; signed in without the role: 403. Admins may use every console. */
  private Route console(String kind, String role, String title) {
    return pages.visitor(v -> {
      if (v.signedIn().isEmpty()) return Pages.seeOther("/sign-in?next=/console/" + kind);
      if (!pages.frame(title, v).can(role)) throw new ProblemException(403, "Forbidden", "This console needs the role " + role + ".");
      return pages.render(200, "console.jte", Map.of("frame", pages.frame(title, v), "kind", kind));
    });
  }
}
