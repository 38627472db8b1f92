package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.maproom.moderation.identity.DisplayNames;

class DisplayNamesTest {
  @Test
  void namesThatLookAlikeShareASkeleton() {
    String plain = DisplayNames.skeleton("Rea Der");
    assertThat(DisplayNames.skeleton("REA DER")).isEqualTo(plain);
    assertThat(DisplayNames.skeleton(" Rea   Der ")).isEqualTo(plain);
    assertThat(DisplayNames.skeleton("R\u0435a Der")).as("Cyrillic е").isEqualTo(plain);
    assertThat(DisplayNames.skeleton("\uFF32ea Der")).as("fullwidth R").isEqualTo(plain);
    assertThat(DisplayNames.skeleton("rnaria")).isEqualTo(DisplayNames.skeleton("maria"));
    assertThat(DisplayNames.skeleton("paypa1")).isEqualTo(DisplayNames.skeleton("paypal"));
    assertThat(DisplayNames.skeleton("Rea Dern")).isNotEqualTo(plain);
  }

  @Test
  void namesThatMixScriptsToPassForAnotherAreRefusedAndHonestOnesPass() {
    assertThat(DisplayNames.spoofProblem("P\u0430ypal")).as("Latin with a Cyrillic а").isNotNull();
    assertThat(DisplayNames.spoofProblem("\u0391dmin")).as("Greek Alpha").isNotNull();
    for (String fine : new String[] {"José Müller", "Иван Петров", "Ελένη", "李小龍 Lee", "O'Brien-Smith", "Ann 2"}) {
      assertThat(DisplayNames.spoofProblem(fine)).as(fine).isNull();
    }
  }
}
