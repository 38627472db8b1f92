package org.maproom.platform;

import org.apache.pekko.pattern.StatusReply;

/**
 * Why an entity refused a command. Entities answer {@code StatusReply.error(...)} with a plain message (which Pekko
 * serializes between nodes on its own); this class puts the kind in front of the message, and the HTTP layer turns the
 * kind back into a status code. Entities never speak HTTP.
 */
public record Rejection(Kind kind, String detail) {
  public enum Kind {
    /** The thing asked for does not exist. */
    NOT_FOUND,
    /** The request is well formed but breaks a rule of the current state (e.g. already published). */
    CONFLICT,
    /** The request itself is wrong (empty title, body too long). */
    INVALID,
    /** The caller may not do this. */
    FORBIDDEN
  }

  private static final String SEPARATOR = ": ";

  public static <T> StatusReply<T> notFound(String detail) {
    return reply(Kind.NOT_FOUND, detail);
  }

  public static <T> StatusReply<T> conflict(String detail) {
    return reply(Kind.CONFLICT, detail);
  }

  public static <T> StatusReply<T> invalid(String detail) {
    return reply(Kind.INVALID, detail);
  }

  public static <T> StatusReply<T> forbidden(String detail) {
    return reply(Kind.FORBIDDEN, detail);
  }

  private static <T> StatusReply<T> reply(Kind kind, String detail) {
    return StatusReply.error(kind.name() + SEPARATOR + detail);
  }

  /** True when an ask failed with a rejection of this kind (unwrapping the future's wrapper). */
  public static boolean isKind(Throwable failure, Kind kind) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t.getMessage() != null && parse(t.getMessage()).kind() == kind;
  }

  /** Reads a rejection back from a StatusReply error message; an unprefixed message counts as INVALID. */
  public static Rejection parse(String message) {
    int at = message.indexOf(SEPARATOR);
    if (at > 0) {
      for (Kind kind : Kind.values()) {
        if (kind.name().equals(message.substring(0, at))) {
          return new Rejection(kind, message.substring(at + SEPARATOR.length()));
        }
      }
    }
    return new Rejection(Kind.INVALID, message);
  }
}
