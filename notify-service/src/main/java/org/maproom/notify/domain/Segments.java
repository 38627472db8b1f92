package org.maproom.notify.domain;

/**
 * How many SMS segments a text costs. A text is GSM-7 when every character is in the GSM 03.38 basic set or its
 * extension table (those count twice); otherwise the whole text goes as UCS-2. One GSM-7 segment holds 160 septets,
 * 153 when the text is split (the rest is the concatenation header); UCS-2 holds 70 UTF-16 units, 67 when split.
 */
public final class Segments {
  private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "\f^{}\\[~]|€";

  public enum Encoding { GSM7, UCS2 }

  public record Count(Encoding encoding, int units, int segments) {}

  private Segments() {}

  public static Count of(String text) {
    int septets = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) {
        septets += 1;
      } else if (EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        int units = text.length();
        return new Count(Encoding.UCS2, units, units <= 70 ? 1 : (units + 66) / 67);
      }
    }
    return new Count(Encoding.GSM7, septets, septets <= 160 ? 1 : (septets + 152) / 153);
  }
}
