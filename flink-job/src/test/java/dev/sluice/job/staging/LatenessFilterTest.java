package dev.sluice.job.staging;

import static dev.sluice.job.staging.DeduplicatorTest.POSITION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The lateness filter after the shop's clicks staging, in Flink's keyed operator harness. */
class LatenessFilterTest {

  @Test
  void aClickBehindTheWatermarkIsLateNotDropped() throws Exception {
    Row click = click(500, "clicks/0/9");
    try (StagingHarness<Row, Row> h = lateness(null)) {
      h.watermark(1_000L);
      h.push(click, 500L);
      h.push(click, 1_001L);
      assertThat(h.rows()).hasSize(1);
      assertThat(h.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason).isEqualTo(DeadLetterReason.LATE);
                assertThat(d.position).isEqualTo("clicks/0/9");
              });
    }
  }

  @Test
  void aClickBehindItsPartitionIsLateBeforeAnyWatermarkAndAfterARestore() throws Exception {
    OperatorSubtaskState state;
    try (StagingHarness<Row, Row> h = lateness(null)) {
      h.push(click(60_000, "clicks/0/1"), 60_000L);
      h.push(click(0, "clicks/0/2"), 0L);
      h.push(click(55_000, "clicks/0/3"), 55_000L);
      h.push(click(0, "clicks/1/1"), 0L);
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "LATE clicks/0/2 event time 1970-01-01T00:00:00Z is more than 5 s behind"
                  + " 1970-01-01T00:01:00Z, the latest of its partition");
      assertThat(h.rows())
          .as("5 s behind is on time; another partition has its own latest")
          .hasSize(3);
      state = h.checkpoint();
    }
    try (StagingHarness<Row, Row> restored = lateness(state)) {
      restored.push(click(1_000, "clicks/0/4"), 1_000L);
      assertThat(restored.deadLetters()).extracting(d -> d.position).containsExactly("clicks/0/4");
    }
  }

  private static StagingHarness<Row, Row> lateness(OperatorSubtaskState state) throws Exception {
    return StagingHarness.keyed(
        new LatenessFilter("shop", "clicks-lateness", Duration.ofSeconds(5), POSITION),
        LatenessFilter.partition(POSITION),
        state);
  }

  private static Row click(long millis, String position) {
    return DeduplicatorTest.click("e1", Instant.ofEpochMilli(millis), position);
  }
}
