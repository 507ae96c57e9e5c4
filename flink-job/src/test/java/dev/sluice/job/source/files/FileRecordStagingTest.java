package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** Payment line staging in Flink's operator harness. */
class PaymentsStagingTest {

  private static final String FILE = "file:/landing/payments/dt=2026-11-20/tenant=acme/s1.csv";

  private static BatchLine line(long number, String text) {
    FileLine line = new FileLine();
    line.path = FILE;
    line.lineNumber = number;
    line.text = text;
    return new BatchLine("b1", line, number == 1 ? text : PaymentLineParser.HEADER, false);
  }

  private static BatchLine retract(BatchLine line) {
    return new BatchLine(line.batchId, line.line, line.header, true);
  }

  @Test
  void theHeaderIsNoRecordAndAGoodLineIsStagedWithItsPosition() throws Exception {
    try (StagingHarness<BatchLine> h =
        new StagingHarness<>(
            new PaymentsStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
      h.push(line(1, PaymentLineParser.HEADER))
          .push(line(2, "p1,42,acme,19.99,EUR,2026-11-20T08:00:00Z"));
      assertThat(h.deadLetters()).isEmpty();
      assertThat(h.rows())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.getField(1)).isEqualTo("p1");
                assertThat(row.getField(3)).isEqualTo(new BigDecimal("19.99"));
                assertThat(row.getField(6)).isEqualTo(LocalDate.parse("2026-11-20"));
                assertThat(row.getField(7)).isEqualTo(FILE);
                assertThat(row.getField(8)).isEqualTo(2L);
                assertThat(row.getField(9)).isEqualTo("b1");
              });
    }
  }

  @Test
  void retractedLinesDeleteTheirGoodRowsAndAreNeitherInNorDead() throws Exception {
    BatchLine good = line(2, "p1,42,acme,19.99,EUR,2026-11-20T08:00:00Z");
    BatchLine bad = line(3, "p2,42,acme,abc,EUR,2026-11-20T08:00:00Z");
    try (StagingHarness<BatchLine> h =
        new StagingHarness<>(
            new PaymentsStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
      h.push(retract(line(1, PaymentLineParser.HEADER))).push(retract(good)).push(retract(bad));
      assertThat(h.deadLetters()).isEmpty();
      assertThat(h.rows())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.getKind()).isEqualTo(RowKind.DELETE);
                assertThat(row.getField(1)).isEqualTo("p1");
              });
    }
  }

  @Test
  void aLineCutForItsLengthIsOversizedNamingFileLineSizeAndChecksum() throws Exception {
    BatchLine cut = line(5, "p1,42,acme,".repeat(100));
    cut.line.truncated = true;
    cut.line.fullBytes = 10_485_760;
    cut.line.sha256 = "ab".repeat(32);
    try (StagingHarness<BatchLine> h =
        new StagingHarness<>(
            new PaymentsStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
      h.push(cut).push(line(6, "p2,42,acme,1.00,EUR,2026-11-20T08:00:00Z"));
      assertThat(h.rows()).hasSize(1);
      assertThat(h.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason).isEqualTo(DeadLetterReason.OVERSIZED);
                assertThat(d.position).isEqualTo(FILE + ":5");
                assertThat(d.detail)
                    .isEqualTo(
                        FILE
                            + " line 5 is longer than sources.payments.max-line-kb: 10485760"
                            + " bytes (sha256 "
                            + "ab".repeat(32)
                            + "); the payload holds only its first 1100 bytes");
              });
    }
  }

  @Test
  void eachKindOfBadLineGetsItsReasonAndFileLinePosition() throws Exception {
    BatchLine nonUtf8 = line(8, "p7,1,acme,1.00,EUR,2026-11-20T08:00:00Z");
    nonUtf8.line.malformedUtf8 = true;
    BatchLine overlong = line(9, "p8,1,acme,1.00,EUR,2026-11-20T08:00:00Z");
    overlong.line.truncated = true;
    try (StagingHarness<BatchLine> h =
        new StagingHarness<>(
            new PaymentsStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
      h.push(line(1, "id,amount"))
          .push(line(2, "p1,42,acme,19.99,EUR"))
          .push(line(3, "p2,42,acme,abc,EUR,2026-11-20T08:00:00Z"))
          .push(line(4, "p3,42,globex,1.00,EUR,2026-11-20T08:00:00Z"))
          .push(line(5, "p4,42,acme,1.00,EUR,2026-11-21T08:00:00Z"))
          .push(line(6, "p5,42,acme,1.00,DOGE,2026-11-20T08:00:00Z"))
          .push(line(7, "p6,x,acme,1.00,EUR,2026-11-20T08:00:00Z"))
          .push(nonUtf8)
          .push(overlong);
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position)
          .containsExactly(
              "SCHEMA_MISMATCH " + FILE + ":1",
              "SCHEMA_MISMATCH " + FILE + ":2",
              "INVALID_TYPE " + FILE + ":3",
              "PARTITION_MISMATCH " + FILE + ":4",
              "PARTITION_MISMATCH " + FILE + ":5",
              "INVALID_VALUE " + FILE + ":6",
              "INVALID_TYPE " + FILE + ":7",
              DeadLetterReason.ENCODING + " " + FILE + ":8",
              DeadLetterReason.OVERSIZED + " " + FILE + ":9");
    }
  }
}
