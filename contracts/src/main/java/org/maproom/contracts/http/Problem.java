package org.maproom.contracts.http;

/** An RFC 9457 problem body: what every 4xx and 5xx answer of every service carries. */
public record Problem(String type, String title, int status, String detail) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail);
  }
}
