package org.maproom.notify.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** A number as a reader typed it, to E.164 — or the reason it cannot be texted. */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MAX_INPUT = 40;

  private PhoneNumbers() {}

  public sealed interface Parsed {}

  public record Valid(String e164) implements Parsed {
    public String lastDigits() {
      return e164.substring(e164.length() - 2);
    }
  }

  public record Invalid(String reason) implements Parsed {}

  /** {@code region}: ISO 3166 code used when the number has no "+"; may be null. */
  public static Parsed parse(String input, String region) {
    if (input == null || input.isBlank()) return new Invalid("A phone number is needed.");
    if (input.length() > MAX_INPUT) return new Invalid("That is too long to be a phone number.");
    String r = region == null ? "ZZ" : region.strip().toUpperCase(Locale.ROOT);
    if (!r.matches("[A-Z]{2}")) return new Invalid("The region must be a two-letter country code.");
    PhoneNumber number;
    try {
      number = UTIL.parse(input, r);
    } catch (NumberParseException e) {
      return new Invalid("That is not a phone number we can read; include the country code, e.g. +44.");
    }
    if (!UTIL.isValidNumber(number)) return new Invalid("That is not a valid phone number.");
    PhoneNumberType type = UTIL.getNumberType(number);
    if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      return new Invalid("Texts go to mobile numbers only.");
    }
    String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    if (e164.length() > 16) return new Invalid("That is not a valid phone number.");
    return new Valid(e164);
  }
}
