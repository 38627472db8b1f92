package org.maproom.platform.http;

import org.maproom.contracts.http.Problem;

/** Thrown anywhere under a route to answer with this problem; the route's exception handler writes it. */
public final class ProblemException extends RuntimeException {
  private final Problem problem;

  public ProblemException(int status, String title, String detail) {
    this(Problem.of(status, title, detail));
  }

  public ProblemException(Problem problem) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad request", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not found", detail);
  }
}
