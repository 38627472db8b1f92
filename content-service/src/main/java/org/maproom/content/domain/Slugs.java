package org.maproom.content.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules of a slug: lowercase letters, digits and single hyphens, at most 80 characters. */
public final class Slugs {
  public static final int MAX_LENGTH = 80;
  private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private Slugs() {}

  public static boolean isValid(String slug) {
    return slug != null && slug.length() <= MAX_LENGTH && VALID.matcher(slug).matches();
  }

  /** A slug made from a title ("Ça va? Maps & Power" → "ca-va-maps-power"), or empty if the title has no letters. */
  public static Optional<String> fromTitle(String title) {
    if (title == null) return Optional.empty();
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_LENGTH) slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
    return slug.isEmpty() ? Optional.empty() : Optional.of(slug);
  }
}
