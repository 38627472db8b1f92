package org.maproom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.maproom.notify.domain.PhoneNumbers;

class PhoneNumbersTest {
  @Test
  void numbersAsReadersTypeThemBecomeE164() {
    assertThat(PhoneNumbers.parse("07911 123456", "gb")).isEqualTo(new PhoneNumbers.Valid("+447911123456"));
    assertThat(PhoneNumbers.parse("+44 (0)7911-123-456", null)).isEqualTo(new PhoneNumbers.Valid("+447911123456"));
    assertThat(PhoneNumbers.parse("(202) 555-0143", "US")).isEqualTo(new PhoneNumbers.Valid("+12025550143"));
    assertThat(((PhoneNumbers.Valid) PhoneNumbers.parse("07911 123456", "GB")).lastDigits()).isEqualTo("56");
  }

  @Test
  void landlinesGarbageAndOddInputSayWhy() {
    assertThat(PhoneNumbers.parse("020 7946 0018", "GB")).isInstanceOf(PhoneNumbers.Invalid.class); // London landline
    for (String bad : new String[] {"", "hello", "+1 555 0100", "1".repeat(41), "+49844444444444440"}) {
      assertThat(PhoneNumbers.parse(bad, "GB")).as(bad).isInstanceOf(PhoneNumbers.Invalid.class);
    }
    assertThat(PhoneNumbers.parse("07911 123456", "Great Britain")).isInstanceOf(PhoneNumbers.Invalid.class);
  }
}
