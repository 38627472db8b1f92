package org.maproom.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void readersTextIsAcceptedAndWhatNoReaderTypesIsRefused() {
    for (String fine : new String[] {"", "Plain", "tab\there", "lines\r\nand\nmore", "é ß 中文 العربية", "🗺️ map", "\u202e", "\u00a0"}) {
      assertThat(Text.problem(fine)).as(fine).isNull();
    }
    assertThat(Text.problem("a\u0000b")).isEqualTo("holds the control character U+0000");
    assertThat(Text.problem("\u001b[31m")).isEqualTo("holds the control character U+001B");
    assertThat(Text.problem("\u007f")).isNotNull();
    assertThat(Text.problem("\u0085")).isNotNull();
    assertThat(Text.problem("\uffff")).isNotNull();
    assertThat(Text.problem("x\ud800")).isEqualTo("holds half of a surrogate pair (text that is not valid Unicode)");
    assertThat(Text.problem("\udc00x")).isNotNull();
    assertThat(Text.problem("\ud83d\udde8\ud800")).isNotNull();
  }

  @Test
  void storedTextIsMadeFitForXmlKeepingEverythingElse() {
    assertThat(Text.forXml("A\u0000title\ud800 🗺️\n")).isEqualTo("A\ufffdtitle\ufffd 🗺️\n");
    String clean = "nothing to do";
    assertThat(Text.forXml(clean)).isSameAs(clean);
    assertThat(Text.forXml(null)).isNull();
  }
}
