package dev.sluice.job.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Progress per stage and tenant: positions take the furthest subtask, watermarks the least. */
class ProgressTrackerTest {

  private static ProgressMark mark(String stage, int subtask, long millis, boolean least) {
    ProgressMark mark = new ProgressMark(stage, "acme", millis, "p" + millis);
    mark.subtask = subtask;
    mark.leastOfSubtasks = least;
    return mark;
  }

  @Test
  void positionsMoveWithTheFurthestSubtaskAndNeverBack() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, ProgressMark, Row> h = harness()) {
      h.processElement(mark("orders", 0, 1_000, false), 0);
      h.processElement(mark("orders", 1, 5_000, false), 0);
      h.processElement(mark("orders", 0, 2_000, false), 0);
      assertThat(completeUpTo(h))
          .containsExactly("+I 1970-01-01T00:00:01", "+U 1970-01-01T00:00:05");
    }
  }

  @Test
  void aWatermarkStageIsCompleteOnlyUpToItsSlowestSubtask() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, ProgressMark, Row> h = harness()) {
      h.processElement(mark("clicks", 0, 9_000, true), 0);
      h.processElement(mark("clicks", 1, 3_000, true), 0);
      h.processElement(mark("clicks", 1, 7_000, true), 0);
      assertThat(completeUpTo(h)).containsExactly("+I 1970-01-01T00:00:09");
      h.processElement(mark("clicks", 1, 12_000, true), 0);
      assertThat(completeUpTo(h)).containsExactly("+I 1970-01-01T00:00:09");
      h.processElement(mark("clicks", 0, 15_000, true), 0);
      assertThat(completeUpTo(h))
          .containsExactly("+I 1970-01-01T00:00:09", "+U 1970-01-01T00:00:12");
      assertThat(h.numProcessingTimeTimers()).isZero();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ProgressMark, Row> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ProgressTracker(), ProgressMark::key, Types.STRING);
  }

  private static List<String> completeUpTo(
      KeyedOneInputStreamOperatorTestHarness<String, ProgressMark, Row> h) {
    return h.extractOutputValues().stream()
        .map(r -> r.getKind().shortString() + " " + (LocalDateTime) r.getField(2))
        .collect(Collectors.toList());
  }
}
