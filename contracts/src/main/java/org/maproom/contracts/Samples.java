package org.maproom.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Sample documents of every public event, as a producer writes them. Producers' tests check they still write this
 * shape; consumers' tests feed these exact bytes through their decoder (one contract test per consumer).
 */
public final class Samples {
  private Samples() {}

  /** The sample named {@code name}, e.g. {@code "ArticlePublished"}. */
  public static byte[] bytes(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("samples/" + name + ".json")) {
      if (in == null) throw new IllegalArgumentException("no sample " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
