package dev.sluice.job.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.staging.StagingHarness;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** The staging of the shop's payments lines (CSV and JSON lines) in Flink's operator harness. */
class FileRecordStagingTest {

  static final String FILE = "file:/landing/payments/dt=2026-11-20/tenant=acme/s1.csv";

  /** The header of a settlement file in its documented column order. */
  static final String HEADER = "payment_id,order_id,tenant_id,amount,currency,settled_at";

  private static final String JSON_FILE =
      "file:/landing/payments/dt=2026-11-20/tenant=acme/s1.jsonl";
  private static final String JSON_GOOD =
      "{\"payment_id\":\"p1\",\"order_id\":42,\"tenant_id\":\"acme\",\"amount\":19.99,"
          + "\"currency\":\"EUR\",\"settled_at\":\"2026-11-20T08:00:00Z\"}";

  /** The staging of the shop's payments source, as its source builds it, with {@code overrides}. */
  static StagingHarness<BatchLine, Row> payments(Map<String, String> overrides) throws Exception {
    PipelineDefinition shop = StagingHarness.shop(overrides);
    DefOptions source = shop.source("payments").options();
    return new StagingHarness<>(
        new FileRecordStaging(
            "shop",
            "payments",
            StagingHarness.contract(shop, "payments", new FilesSourceFactory()),
            source.get(FilesOptions.FORMAT),
            new PartitionLayout(source.get(FilesOptions.LAYOUT)),
            StagingHarness.table(shop, "payments").options().get(FilesOptions.SCHEMA_DRIFT)));
  }

  static StagingHarness<BatchLine, Row> payments() throws Exception {
    return payments(Map.of());
  }

  private static StagingHarness<BatchLine, Row> jsonLines() throws Exception {
    return payments(Map.of("sources.payments.format", "json-lines"));
  }

  /** Line {@code number} of {@code path} in batch b1, its file's header {@code header}. */
  static BatchLine line(String path, String header, long number, String text) {
    FileLine line = new FileLine();
    line.path = path;
    line.lineNumber = number;
    line.text = text;
    return new BatchLine("b1", line, header, false);
  }

  private static BatchLine line(long number, String text) {
    return line(FILE, number == 1 ? text : HEADER, number, text);
  }

  private static BatchLine json(long number, String text) {
    return line(JSON_FILE, JSON_GOOD, number, text);
  }

  private static BatchLine retract(BatchLine line) {
    return new BatchLine(line.batchId, line.line, line.header, true);
  }

  @Test
  void theHeaderIsNoRecordAndAGoodLineIsStagedWithItsPosition() throws Exception {
    try (StagingHarness<BatchLine, Row> h = payments()) {
      h.push(line(1, HEADER)).push(line(2, "p1,42,acme,19.99,EUR,2026-11-20T08:00:00Z"));
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
    try (StagingHarness<BatchLine, Row> h = payments()) {
      h.push(retract(line(1, HEADER))).push(retract(good)).push(retract(bad));
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
    try (StagingHarness<BatchLine, Row> h = payments()) {
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
    try (StagingHarness<BatchLine, Row> h = payments()) {
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

  @Test
  void aJsonLinesFileHasNoHeaderAndEachObjectIsStagedWithItsPosition() throws Exception {
    try (StagingHarness<BatchLine, Row> h = jsonLines()) {
      h.push(json(1, JSON_GOOD))
          .push(json(2, JSON_GOOD.replace("\"p1\"", "\"p2\"").replace("19.99", "\"5.00\"")));
      assertThat(h.deadLetters()).isEmpty();
      assertThat(h.rows())
          .satisfiesExactly(
              row -> {
                assertThat(row.getKind()).isEqualTo(RowKind.INSERT);
                assertThat(row.getField(0)).isEqualTo("acme");
                assertThat(row.getField(1)).isEqualTo("p1");
                assertThat(row.getField(2)).isEqualTo(42L);
                assertThat(row.getField(3)).isEqualTo(new BigDecimal("19.99"));
                assertThat(row.getField(5)).isEqualTo(LocalDateTime.parse("2026-11-20T08:00:00"));
                assertThat(row.getField(6))
                    .as("from the dt= directory")
                    .isEqualTo(LocalDate.parse("2026-11-20"));
                assertThat(row.getField(7)).isEqualTo(JSON_FILE);
                assertThat(row.getField(8)).isEqualTo(1L);
                assertThat(row.getField(9)).isEqualTo("b1");
              },
              row -> assertThat(row.getField(3)).isEqualTo(new BigDecimal("5.00")));
    }
  }

  @Test
  void eachKindOfBadJsonLineGetsItsReasonAndFileLinePosition() throws Exception {
    try (StagingHarness<BatchLine, Row> h = jsonLines()) {
      h.push(json(1, "{\"payment_id\": "))
          .push(json(2, "[1,2]"))
          .push(json(3, JSON_GOOD.replace("{", "{\"amount\":1.00,")))
          .push(json(4, JSON_GOOD.replace(",\"currency\":\"EUR\"", "")))
          .push(json(5, JSON_GOOD.replace("19.99", "\"abc\"")))
          .push(json(6, JSON_GOOD.replace("\"acme\"", "\"globex\"")))
          .push(json(7, "   "));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .satisfiesExactly(
              d -> assertThat(d).startsWith("MALFORMED " + JSON_FILE + ":1 line is not (strict)"),
              d ->
                  assertThat(d)
                      .isEqualTo(
                          "SCHEMA_MISMATCH " + JSON_FILE + ":2 line is JSON but not an object"),
              d ->
                  assertThat(d)
                      .isEqualTo(
                          "MALFORMED "
                              + JSON_FILE
                              + ":3 line is not (strict) JSON: Duplicate field 'amount'"),
              d ->
                  assertThat(d)
                      .isEqualTo(
                          "MISSING_FIELD " + JSON_FILE + ":4 field currency is missing or empty"),
              d -> assertThat(d).startsWith("INVALID_TYPE " + JSON_FILE + ":5 field amount"),
              d ->
                  assertThat(d)
                      .isEqualTo(
                          "PARTITION_MISMATCH "
                              + JSON_FILE
                              + ":6 tenant_id 'globex' is in partition tenant=acme"),
              d -> assertThat(d).isEqualTo("MALFORMED " + JSON_FILE + ":7 empty line"));
    }
  }

  @Test
  void aRetractedJsonLineDeletesItsRow() throws Exception {
    try (StagingHarness<BatchLine, Row> h = jsonLines()) {
      h.push(retract(json(1, JSON_GOOD))).push(retract(json(2, "[1,2]")));
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
}
