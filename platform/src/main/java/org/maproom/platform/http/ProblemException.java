package org.maproom.platform.http;

import org.maproom.contracts.http.Problem;

/** Thrown anywhere under a route to answer with this problem; the route's exception handler writes it. */
public final class ProblemException extends RuntimeException {
  private final Problem problem;
  private final java.util.Optional<java.time.Duration> retryAfter;

  public ProblemException(int status, String title, String detail) {
    this(Problem.of(status, title, detail));
  }

  public ProblemException(Problem problem) {
    this(problem, java.util.Optional.empty());
  }

  /** {@code retryAfter}: when the caller may try again (sent as Retry-After). */
  public ProblemException(Problem problem, java.util.Optional<java.time.Duration> retryAfter) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  public Problem problem() {
    return problem;
  }

  /** When the caller may try again (sent as Retry-After). */
  public java.util.Optional<java.time.Duration> retryAfter() {
    return retryAfter;
  }

  public static ProblemException tooManyRequests(String detail, java.time.Duration retryAfter) {
    return new ProblemException(Problem.of(429, "Too many requests", detail), java.util.Optional.of(retryAfter));
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad request", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not found", detail);
  }
}
