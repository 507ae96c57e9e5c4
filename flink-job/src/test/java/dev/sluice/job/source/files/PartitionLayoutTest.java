package dev.sluice.job.source.files;

import static dev.sluice.job.source.files.BatchLedgerTest.deadLetters;
import static dev.sluice.job.source.files.BatchLedgerTest.delivery;
import static dev.sluice.job.source.files.BatchLedgerTest.ledger;
import static dev.sluice.job.source.files.BatchLedgerTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.connectors.file.FileBatch;
import dev.sluice.job.staging.StagingHarness;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The partition directories of a files source (the shop's {@code dt={dt}/tenant={tenant_id}}): what
 * the layout reads from a path, and how staging and the ledger hold rows and deliveries to them.
 */
class PartitionLayoutTest {

  private static final String LAYOUT = "dt={dt}/tenant={tenant_id}";
  private static final String DIR = "file:/landing/payments/dt=2026-11-20/tenant=acme/";
  private static final String AT = "2026-11-20T08:00:00Z";

  @Test
  void theShopLayoutNamesItsColumnsAndReadsThemFromAPath() {
    PartitionLayout layout = new PartitionLayout(LAYOUT);
    assertThat(layout.columns()).containsExactly("dt", "tenant_id");
    assertThat(layout.directoryOf("tenant_id")).isEqualTo("tenant");
    assertThat(layout.directoryOf("amount")).isNull();
    assertThat(layout.first()).isEqualTo("dt");
    assertThat(layout).hasToString(LAYOUT);
    assertThat(layout.values(DIR + "s1.csv"))
        .containsExactly(Map.entry("dt", "2026-11-20"), Map.entry("tenant_id", "acme"));
    assertThat(layout.values("file:/landing/payments/tenant=acme/dt=2026-11-20/s1.csv"))
        .as("found by name, in any order")
        .containsExactly(Map.entry("dt", "2026-11-20"), Map.entry("tenant_id", "acme"));
    assertThat(layout.values("file:/landing/payments/dt=2026-11-20/s1.csv"))
        .as("a directory of the layout is not there")
        .isNull();
  }

  @Test
  void anEmptyLayoutHasNoDirectoriesAndEveryPathIsUnderIt() {
    PartitionLayout none = new PartitionLayout("");
    assertThat(none.columns()).isEmpty();
    assertThat(none.first()).isNull();
    assertThat(none.values("file:/landing/s1.csv")).isEmpty();
  }

  @Test
  void aSegmentThatIsNotNameEqualsColumnOrADirectoryNamedTwiceIsRefused() {
    assertThatThrownBy(() -> new PartitionLayout("dt={dt}/tenant"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment 'tenant' of layout 'dt={dt}/tenant' is not name={column}");
    assertThatThrownBy(() -> new PartitionLayout("dt={dt}/dt={day}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layout 'dt={dt}/dt={day}' names directory dt twice");
  }

  @Test
  void aRowWhoseValueDiffersFromItsDirectoryIsAPartitionMismatch() throws Exception {
    String header = "payment_id,order_id,tenant_id,amount,currency,settled_at,dt";
    try (StagingHarness<BatchLine, Row> h = FileRecordStagingTest.payments()) {
      push(h, DIR + "s1.csv", header, "p1,42,globex,1.00,EUR," + AT + ",2026-11-20");
      push(h, DIR + "s2.csv", header, "p2,42,acme,1.00,EUR,2026-11-21T08:00:00Z,2026-11-21");
      push(h, DIR + "s3.csv", header, "p3,42,acme,1.00,EUR," + AT + ",2026-11-20");
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "PARTITION_MISMATCH "
                  + DIR
                  + "s1.csv:2 tenant_id 'globex' is in partition tenant=acme",
              "PARTITION_MISMATCH "
                  + DIR
                  + "s2.csv:2 dt '2026-11-21' is in partition dt=2026-11-20");
      assertThat(h.rows()).extracting(row -> row.getField(1)).containsExactly("p3");
    }
  }

  @Test
  void aColumnTheFileLacksIsFilledFromItsDirectory() throws Exception {
    try (StagingHarness<BatchLine, Row> h = FileRecordStagingTest.payments()) {
      push(
          h,
          DIR + "s1.csv",
          "payment_id,order_id,amount,currency,settled_at",
          "p1,42,1.00,EUR," + AT);
      assertThat(h.deadLetters()).isEmpty();
      assertThat(h.rows())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.getField(0)).isEqualTo("acme");
                assertThat(row.getField(6)).isEqualTo(LocalDate.parse("2026-11-20"));
              });
    }
  }

  @Test
  void aFileOutsideTheLayoutIsAPartitionMismatchForEachRow() throws Exception {
    String file = "file:/landing/payments/dt=2026-11-20/s1.csv";
    try (StagingHarness<BatchLine, Row> h = FileRecordStagingTest.payments()) {
      push(h, file, FileRecordStagingTest.HEADER, "p1,42,acme,1.00,EUR," + AT);
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "PARTITION_MISMATCH " + file + ":2 file is not under dt={dt}/tenant={tenant_id}/");
    }
  }

  @Test
  void aDirectoryValueBreakingItsColumnsRulesDeadLettersTheWholeDelivery() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, FileBatch, BatchLine> h =
        ledger(Map.of("sources.payments.columns.dt.min", "2026-01-01"))) {
      h.setProcessingTime(System.currentTimeMillis());
      h.processElement(delivery("/in/dt=2025-12-31/tenant=acme/a.manifest.json", "s1", "h"), 0);
      assertThat(lines(h)).isEmpty();
      assertThat(BatchLedgerTest.ledger(h)).isEmpty();
      assertThat(h.numKeyedStateEntries()).as("neither claims the batch").isZero();
      assertThat(deadLetters(h))
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "PARTITION_MISMATCH /in/dt=2025-12-31/tenant=acme/a.manifest.json partition"
                  + " dt=2025-12-31: field dt is outside [2026-01-01, now + 1 d]: 2025-12-31");

      h.processElement(
          delivery("/in/dt=2026-01-01/tenant=acme/c.manifest.json", "s3", "h", "r1"), 0);
      assertThat(lines(h)).as("the first day the column allows").containsExactly("+ h", "+ r1");

      // A tenant not served is each row's UNKNOWN_TENANT letter, replayable once it is served.
      FileBatch ghost = delivery("/in/dt=2026-01-01/tenant=ghost/b.manifest.json", "s2", "h");
      ghost.batchId = "ghost-1";
      h.processElement(ghost, 0);
      assertThat(lines(h)).containsExactly("+ h", "+ r1", "+ h");
    }
  }

  private static void push(StagingHarness<BatchLine, Row> h, String file, String header, String row)
      throws Exception {
    h.push(FileRecordStagingTest.line(file, header, 1, header))
        .push(FileRecordStagingTest.line(file, header, 2, row));
  }
}
