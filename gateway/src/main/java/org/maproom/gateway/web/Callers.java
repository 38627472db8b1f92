package org.maproom.gateway.web;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.gateway.Services;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.identity.Identity;
import org.maproom.platform.identity.IdentityToken;

/**
 * Who is calling the gateway. A session token ({@code Authorization: Bearer}) is resolved with moderation-service,
 * the identity provider, and turned into the signed, short-lived identity that services trust. The gateway never
 * forwards the session token itself.
 */
public final class Callers {
  private final Services services;
  private final IdentityToken tokens;

  public Callers(Services services, IdentityToken tokens) {
    this.services = services;
    this.tokens = tokens;
  }

  /** A signed identity for the caller; 401 when there is no valid session. */
  public Route signedIn(Function<String, Route> inner) {
    return Directives.optionalHeaderValueByName("Authorization", header -> {
      String token = header.filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).strip())
          .orElseThrow(() -> new ProblemException(401, "Unauthorized", "Sign in first: send Authorization: Bearer <token>."));
      CompletionStage<String> signed = services.moderation()
          .post("/sessions/resolve", new ModerationApi.ResolveSession(token), Optional.empty(), ModerationApi.Account.class)
          .thenApply(account -> tokens.sign(new Identity(account.id(), account.displayName(), account.roles())));
      return Directives.onComplete(signed, result -> {
        if (result.isFailure()) throw asProblem(result.failed().get());
        return inner.apply(result.get());
      });
    });
  }

  private static ProblemException asProblem(Throwable t) {
    return t instanceof ProblemException p ? p : new ProblemException(503, "Service unavailable", "Could not check the session.");
  }
}
