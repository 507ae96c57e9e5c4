package dev.sluice.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A dead letter is writable whatever the record held: escaped text, bounded key fields. */
class DeadLetterTest {

  @Test
  void nulAndControlCharactersAreKeptEscapedInEveryTextField() {
    DeadLetter d =
        DeadLetter.of(
            "p",
            "staging",
            "payments",
            DeadLetterReason.INVALID_TYPE,
            "field amount is not a decimal: '7\u00002.00'",
            "p1,42,acme,7\u00002.00,EUR,2026-01-01T00:00:00Z\u0007",
            "file:/in/a\u0000.csv:3");

    assertThat(d.detail).isEqualTo("field amount is not a decimal: '7\\u00002.00'");
    assertThat(d.payload).isEqualTo("p1,42,acme,7\\u00002.00,EUR,2026-01-01T00:00:00Z\\u0007");
    assertThat(d.position).isEqualTo("file:/in/a\\u0000.csv:3");
    assertThat(d.payloadBytes).isEqualTo(43);
  }

  @Test
  void anUnpairedSurrogateIsEscapedAndAPairKept() {
    DeadLetter d =
        DeadLetter.of(
            "p", "s", "clicks", DeadLetterReason.MALFORMED, "x\uD800y \uD83D\uDE00", "", "t/0/1");

    assertThat(d.detail).isEqualTo("x\\ud800y \uD83D\uDE00");
  }

  @Test
  void aHugePositionIsCutToAnIndexableKeyThatStillTellsWholesApart() {
    String a = "lsn=1 key=" + "a".repeat(6000);
    String b = "lsn=1 key=" + "a".repeat(5999) + "b";

    DeadLetter first =
        DeadLetter.of("p", "s", "orders", DeadLetterReason.INVALID_VALUE, "d", "", a);
    DeadLetter second =
        DeadLetter.of("p", "s", "orders", DeadLetterReason.INVALID_VALUE, "d", "", b);

    assertThat(first.position).hasSizeLessThanOrEqualTo(DeadLetter.MAX_KEY_CHARS);
    assertThat(first.position).startsWith("lsn=1 key=aaa").contains("6010 chars, sha256 ");
    assertThat(first.position).isNotEqualTo(second.position);
  }
}
