package dev.sluice.job.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.file.BatchProblem;
import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.staging.StagingFunction;
import dev.sluice.job.staging.StagingHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The batch ledger of the shop's payments source in Flink's keyed operator harness: load,
 * re-delivery, correction, reject, and the partition a delivery claims.
 */
class BatchLedgerTest {

  /** The ledger of the shop's payments source, its contract and layout read from the file. */
  static KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> ledger(
      Map<String, String> overrides) throws Exception {
    PipelineDefinition shop = StagingHarness.shop(overrides);
    BatchLedger ledger =
        new BatchLedger(
            "shop",
            "payments",
            StagingHarness.contract(shop, "payments", new FilesSourceFactory()),
            new PartitionLayout(shop.source("payments").options().get(FilesOptions.LAYOUT)));
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        ledger, BatchLedger::key, Types.STRING);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> ledger()
      throws Exception {
    return ledger(Map.of());
  }

  static FileBatch delivery(String manifest, String sha, String... rows) {
    return delivery(0, manifest, sha, rows);
  }

  private static FileBatch delivery(long deliveredAt, String manifest, String sha, String... rows) {
    FileBatch batch = new FileBatch();
    batch.deliveredAt = deliveredAt;
    batch.batchId = "acme-1";
    batch.manifestPath = manifest;
    batch.manifestText = "{}";
    batch.sha256 = sha;
    batch.declaredRows = rows.length;
    batch.actualRows = rows.length;
    for (int i = 0; i < rows.length; i++) {
      FileLine line = new FileLine();
      line.path = manifest.replace(".manifest.json", ".csv");
      line.lineNumber = i + 1;
      line.text = rows[i];
      batch.lines.add(line);
    }
    return batch;
  }

  @Test
  void aBatchLoadsOnceAndACorrectionReplacesIt() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> h = ledger()) {
      h.processElement(delivery("a.manifest.json", "s1", "h", "r1", "r2"), 0);
      assertThat(lines(h)).containsExactly("+ h", "+ r1", "+ r2");
      assertThat(h.numKeyedStateEntries())
          .as("checksum and lines of the loaded version")
          .isEqualTo(2);

      h.processElement(delivery("a-again.manifest.json", "s1", "h", "r1", "r2"), 0);
      assertThat(lines(h)).as("a re-delivery emits nothing").hasSize(3);
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason.name()).isEqualTo("DUPLICATE");
                assertThat(d.position).isEqualTo("a-again.manifest.json");
                assertThat(d.detail).contains("a.manifest.json");
              });

      h.processElement(delivery("a-v2.manifest.json", "s2", "h", "r1b"), 0);
      assertThat(lines(h))
          .containsExactly("+ h", "+ r1", "+ r2", "- h", "- r1", "- r2", "+ h", "+ r1b");
      assertThat(ledger(h))
          .containsExactly(
              "+I acme-1 s1 LOADED 1",
              "+U acme-1 s1 LOADED 2",
              "+U acme-1 s1 REPLACED 2",
              "+I acme-1 s2 LOADED 1");
      assertThat(h.numProcessingTimeTimers()).isZero();
    }
  }

  @Test
  void anOlderVersionReadAfterItsCorrectionChangesNothing() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> h = ledger()) {
      // Both listed again after a restart; parallel readers hand the correction over first.
      h.processElement(delivery(2_000, "a-v2.manifest.json", "s2", "h", "r1b"), 0);
      h.processElement(delivery(1_000, "a.manifest.json", "s1", "h", "r1", "r2"), 0);
      assertThat(lines(h)).as("the correction stays loaded").containsExactly("+ h", "+ r1b");
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason.name()).isEqualTo("SUPERSEDED");
                assertThat(d.position).isEqualTo("a.manifest.json");
                assertThat(d.detail).contains("a-v2.manifest.json");
              });
      assertThat(ledger(h)).containsExactly("+I acme-1 s2 LOADED 1", "+U acme-1 s2 LOADED 2");

      h.processElement(delivery(3_000, "a-v3.manifest.json", "s3", "h", "r1c"), 0);
      assertThat(lines(h)).as("a newer one still replaces it").endsWith("- r1b", "+ h", "+ r1c");
    }
  }

  @Test
  void aDeliveryThatDoesNotHoldIsDeadLetteredWhole() throws Exception {
    FileBatch broken = delivery("b.manifest.json", "s9");
    broken.problem = BatchProblem.CHECKSUM_MISMATCH;
    broken.problemDetail = "b.csv has sha256 x, the manifest declares s9";
    try (KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> h = ledger()) {
      h.processElement(broken, 0);
      assertThat(lines(h)).isEmpty();
      assertThat(deadLetters(h))
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "CHECKSUM_MISMATCH b.manifest.json b.csv has sha256 x, the manifest declares s9");
      assertThat(ledger(h)).containsExactly("+I acme-1 s9 REJECTED: CHECKSUM_MISMATCH 1");
      assertThat(h.numKeyedStateEntries()).as("nothing remembered of a rejected delivery").isZero();
    }
  }

  @Test
  void theSameBatchIdUnderAnotherTenantIsAConflictNeverACorrection() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> h = ledger()) {
      h.setProcessingTime(System.currentTimeMillis());
      h.processElement(
          delivery("/in/dt=2026-11-24/tenant=initech/a.manifest.json", "s1", "h", "r1"), 0);
      h.processElement(
          delivery("/in/dt=2026-11-24/tenant=umbrella/b.manifest.json", "s2", "h", "r2"), 0);

      assertThat(lines(h)).as("initech's line is never retracted").containsExactly("+ h", "+ r1");
      assertThat(ledger(h)).containsExactly("+I acme-1 s1 LOADED 1");
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason.name()).isEqualTo("BATCH_ID_CONFLICT");
                assertThat(d.position)
                    .isEqualTo("/in/dt=2026-11-24/tenant=umbrella/b.manifest.json");
                assertThat(d.detail)
                    .contains("loaded under dt=2026-11-24/tenant=initech")
                    .contains("a delivery under dt=2026-11-24/tenant=umbrella cannot correct it");
              });
    }
  }

  @Test
  void aDeliveryForADayNoRowCouldHaveIsAPartitionMismatchAndLoadsNothing() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> h = ledger()) {
      h.setProcessingTime(System.currentTimeMillis());
      h.processElement(delivery("/in/dt=9999-12-31/tenant=acme/a.manifest.json", "s1", "h"), 0);
      h.processElement(delivery("/in/dt=1999-12-31/tenant=acme/b.manifest.json", "s2", "h"), 0);
      h.processElement(delivery("/in/dt=someday/tenant=acme/c.manifest.json", "s3", "h"), 0);

      assertThat(lines(h)).isEmpty();
      assertThat(ledger(h)).isEmpty();
      assertThat(deadLetters(h))
          .extracting(d -> d.reason + " " + d.detail)
          // The directory's value is now checked by the dt column's own rules, whose message it
          // quotes (was "partition dt=... is outside [...]" and "dt='someday' is no date").
          .containsExactly(
              "PARTITION_MISMATCH partition dt=9999-12-31: field dt is outside [2000-01-01, now + 1"
                  + " d]: 9999-12-31",
              "PARTITION_MISMATCH partition dt=1999-12-31: field dt is outside [2000-01-01, now + 1"
                  + " d]: 1999-12-31",
              "PARTITION_MISMATCH partition dt=someday: field dt is not an ISO-8601 date"
                  + " (yyyy-MM-dd): 'someday'");
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  static List<String> lines(KeyedOneInputStreamOperatorTestHarness<?, ?, BatchLine> h) {
    List<String> lines = new ArrayList<>();
    for (BatchLine line : h.extractOutputValues()) {
      lines.add((line.retract ? "- " : "+ ") + line.line.text);
    }
    return lines;
  }

  static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
    List<DeadLetter> letters = new ArrayList<>();
    var queue = h.getSideOutput(StagingFunction.DEAD_LETTERS);
    if (queue != null) {
      for (StreamRecord<DeadLetter> r : queue) {
        letters.add(r.getValue());
      }
    }
    return letters;
  }

  static List<String> ledger(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
    List<String> rows = new ArrayList<>();
    var queue = h.getSideOutput(BatchLedger.LEDGER);
    if (queue != null) {
      for (StreamRecord<Row> r : queue) {
        Row row = r.getValue();
        rows.add(
            row.getKind().shortString()
                + " "
                + row.getField(0)
                + " "
                + row.getField(1)
                + " "
                + row.getField(3)
                + " "
                + row.getField(5));
      }
    }
    return rows;
  }
}
