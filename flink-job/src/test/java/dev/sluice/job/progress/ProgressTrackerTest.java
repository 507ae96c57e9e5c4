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

/** Progress per source, table and tenant moves with the furthest mark and never back. */
class ProgressTrackerTest {

  @Test
  void progressMovesWithTheFurthestMarkAndNeverBack() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, ProgressMark, Row> h = harness()) {
      h.processElement(new ProgressMark("shop-db", "orders", "acme", 1_000, "p1"), 0);
      h.processElement(new ProgressMark("shop-db", "orders", "acme", 5_000, "p5"), 0);
      h.processElement(new ProgressMark("shop-db", "orders", "acme", 2_000, "p2"), 0);
      h.processElement(new ProgressMark("shop-db", "orders", "acme", 5_000, "p5"), 0);
      assertThat(completeUpTo(h))
          .containsExactly("+I 1970-01-01T00:00:01 p1", "+U 1970-01-01T00:00:05 p5");
      assertThat(h.numProcessingTimeTimers()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void eachSourceTableAndTenantHasItsOwnProgress() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, ProgressMark, Row> h = harness()) {
      h.processElement(new ProgressMark("shop-db", "orders", "acme", 9_000, "a"), 0);
      h.processElement(new ProgressMark("shop-db", "orders", "globex", 3_000, "g"), 0);
      h.processElement(new ProgressMark("payments", "payments", "acme", 1_000, "b"), 0);
      h.processElement(new ProgressMark("shop-db", "customers", "acme", 2_000, "c"), 0);
      assertThat(completeUpTo(h))
          .containsExactly(
              "+I 1970-01-01T00:00:09 a",
              "+I 1970-01-01T00:00:03 g",
              "+I 1970-01-01T00:00:01 b",
              "+I 1970-01-01T00:00:02 c");
      assertThat(h.extractOutputValues())
          .extracting(r -> r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2))
          .containsExactly(
              "shop-db|orders|acme",
              "shop-db|orders|globex",
              "payments|payments|acme",
              "shop-db|customers|acme");
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
        .map(
            r ->
                r.getKind().shortString()
                    + " "
                    + (LocalDateTime) r.getField(3)
                    + " "
                    + r.getField(4))
        .collect(Collectors.toList());
  }
}
