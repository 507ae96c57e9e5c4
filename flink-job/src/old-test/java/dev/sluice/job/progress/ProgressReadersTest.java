package dev.sluice.job.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** What a record claims of its source's progress, and what it must not claim. */
class ProgressReadersTest {

  private static final ProgressMarks.Reader<Row> DAYS = ProgressReaders.stagedDays(0, 1, 2);

  @Test
  void aStagedLineClaimsTheEndOfItsSettlementDay() {
    ProgressMark mark =
        DAYS.read(Row.ofKind(RowKind.INSERT, "acme", LocalDate.of(2026, 11, 24), "b1"), 0);
    assertThat(mark.key()).isEqualTo("payments|acme");
    assertThat(Instant.ofEpochMilli(mark.completeUpTo))
        .isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
    assertThat(mark.position).isEqualTo("b1");
  }

  @Test
  void aRetractedLineClaimsNothing() {
    assertThat(DAYS.read(Row.ofKind(RowKind.DELETE, "acme", LocalDate.of(2099, 1, 1), "b1"), 0))
        .isNull();
  }

  @Test
  void aSnapshotReadWithoutCommitTimeClaimsNothing() {
    ProgressMarks.Reader<String> events = ProgressReaders.changeEvents(List.of("acme"));
    String snapshot =
        "{\"op\":\"r\",\"after\":{\"tenant_id\":\"acme\"},\"source\":{\"table\":\"orders\",\"ts_ms\":0,\"lsn\":0}}";
    String streamed =
        "{\"op\":\"c\",\"after\":{\"tenant_id\":\"acme\"},\"source\":{\"table\":\"orders\",\"ts_ms\":5000,\"lsn\":42}}";
    assertThat(events.read(snapshot, 0)).isNull();
    assertThat(events.read(streamed, 0).position).isEqualTo("lsn=42");
  }
}
