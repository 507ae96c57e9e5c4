package dev.sluice.job.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.staging.StagingHarness;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** What a staged line of the shop's payments claims of its source's progress, and what not. */
class FilesProgressTest {

  private static final PipelineDefinition SHOP = StagingHarness.shop(Map.of());
  private static final FilesSourceFactory FACTORY = new FilesSourceFactory();
  private static final TableDef PAYMENTS = SHOP.source("payments").tables().get(0);
  private static final Contract CONTRACT =
      TableContracts.of(
          PAYMENTS,
          PAYMENTS.options().get(FilesOptions.KEY),
          Tenancy.of(SHOP),
          ValueEncoding.TEXT,
          FACTORY.metadataKeys());
  private static final ProgressMarks.Reader<Row> DAYS =
      ((FilesSource) FACTORY.create(SHOP.source("payments"), SHOP))
          .progress(Tenancy.of(SHOP), CONTRACT);

  /** A staged payments row of {@code kind}: its tenant, partition day and batch id. */
  private static Row staged(RowKind kind, String tenant, LocalDate day, String batch) {
    Row row = new Row(kind, CONTRACT.columnNames().size());
    row.setField(CONTRACT.index("tenant_id"), tenant);
    row.setField(CONTRACT.index("dt"), day);
    row.setField(CONTRACT.index("batch_id"), batch);
    return row;
  }

  @Test
  void aStagedLineClaimsTheEndOfItsSettlementDay() {
    ProgressMark mark =
        DAYS.read(staged(RowKind.INSERT, "acme", LocalDate.of(2026, 11, 24), "b1"), 0);
    // Marks are kept per source, table and tenant now (was: stage and tenant).
    assertThat(mark.key()).isEqualTo("payments|payments|acme");
    assertThat(Instant.ofEpochMilli(mark.completeUpTo))
        .isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
    assertThat(mark.position).isEqualTo("b1");
  }

  @Test
  void aRetractedLineClaimsNothing() {
    assertThat(DAYS.read(staged(RowKind.DELETE, "acme", LocalDate.of(2099, 1, 1), "b1"), 0))
        .isNull();
  }
}
