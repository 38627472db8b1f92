package org.maproom.platform.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.http.Problem;
import org.maproom.platform.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way every service answers an error: an RFC 9457 problem body with the right status. Rejections (no route,
 * wrong method, malformed JSON, wrong content type, body too large) keep Pekko's status and message; exceptions are
 * mapped here; anything unexpected is a 500 whose body says nothing of the internals.
 */
public final class Problems {
  private static final Logger log = LoggerFactory.getLogger(Problems.class);
  public static final ContentType PROBLEM_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8));

  private Problems() {}

  /** Wraps a service's routes so that no answer leaves without a problem body when it is an error. */
  public static Route seal(Route route) {
    return Directives.handleExceptions(exceptions(), () -> Directives.handleRejections(rejections(), () -> route));
  }

  public static HttpResponse response(Problem problem) {
    return HttpResponse.create()
        .withStatus(problem.status())
        .withEntity(HttpEntities.create(PROBLEM_JSON, EventJson.write(problem)));
  }

  /** The answer a failure means: its problem body, and Retry-After when the problem says when to come back. */
  public static HttpResponse responseFor(Throwable failure) {
    HttpResponse response = response(fromFailure(failure));
    return retryAfter(failure).map(after -> response.addHeader(
        org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Retry-After", Long.toString(RateLimiter.seconds(after)))))
        .orElse(response);
  }

  /** When the caller may try again, if the failure's problem says. */
  public static java.util.Optional<java.time.Duration> retryAfter(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t instanceof ProblemException p ? p.retryAfter() : java.util.Optional.empty();
  }

  /** Maps a failure of an entity ask (or any async step) to the problem it means. */
  public static Problem fromFailure(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof ProblemException p) return p.problem();
    if (t instanceof StatusReply.ErrorMessage error) return fromRejection(Rejection.parse(error.getMessage()));
    if (t instanceof TimeoutException) return Problem.of(503, "Service unavailable", "The service did not answer in time; try again.");
    log.error("Unexpected failure while handling a request", t);
    return Problem.of(500, "Internal error", "Something went wrong on our side.");
  }

  public static Problem fromRejection(Rejection rejection) {
    return switch (rejection.kind()) {
      case NOT_FOUND -> Problem.of(404, "Not found", rejection.detail());
      case CONFLICT -> Problem.of(409, "Conflict", rejection.detail());
      case INVALID -> Problem.of(422, "Invalid request", rejection.detail());
      case FORBIDDEN -> Problem.of(403, "Forbidden", rejection.detail());
    };
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder().matchAny(t -> Directives.complete(responseFor(t))).build();
  }

  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(Problems::asProblem);
  }

  /** Pekko's default rejection answers are plain text; keep their status and message, in a problem body. */
  private static HttpResponse asProblem(HttpResponse response) {
    HttpEntity entity = response.entity();
    if (entity.getContentType().equals(PROBLEM_JSON) || !(entity instanceof HttpEntity.Strict strict)) {
      return response;
    }
    int status = response.status().intValue();
    String detail = strict.getData().utf8String();
    String title = response.status().reason();
    if (status == StatusCodes.NOT_FOUND.intValue() && detail.isBlank()) detail = "There is nothing at this address.";
    return response.withEntity(HttpEntities.create(PROBLEM_JSON, EventJson.write(Problem.of(status, title, detail))));
  }
}
