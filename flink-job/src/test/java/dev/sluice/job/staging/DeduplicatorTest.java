package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Click dedupe in Flink's keyed operator harness: duplicates, TTL expiry, no timers. */
class ClickDeduplicatorTest {

  private static Row click(String eventId, long offset) {
    return Row.of("acme", eventId, 3L, "s", "view", "sku", Instant.EPOCH, "clicks/0/" + offset);
  }

  @Test
  void aSecondClickWithTheSameKeyIsADuplicateUntilTheRetentionExpires() throws Exception {
    Duration retention = Duration.ofMinutes(10);
    try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ClickDeduplicator("shop", retention),
            ClickDeduplicator::naturalKey,
            Types.STRING)) {
      h.setStateTtlProcessingTime(0);
      h.processElement(click("e1", 1), 0);
      h.processElement(click("e2", 2), 0);
      h.processElement(click("e1", 3), 0);
      assertThat(h.extractOutputValues()).hasSize(2);
      assertThat(h.numKeyedStateEntries()).as("one mark per key").isEqualTo(2);
      assertThat(h.numProcessingTimeTimers()).as("no timers: the state TTL expires marks").isZero();

      h.setStateTtlProcessingTime(retention.toMillis() + 1);
      h.processElement(click("e1", 4), 0);
      assertThat(h.extractOutputValues()).hasSize(3);

      List<DeadLetter> dead = new ArrayList<>();
      for (StreamRecord<DeadLetter> r : h.getSideOutput(StagingFunction.DEAD_LETTERS)) {
        dead.add(r.getValue());
      }
      assertThat(dead)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason).isEqualTo(DeadLetterReason.DUPLICATE);
                assertThat(d.position).isEqualTo("clicks/0/3");
                assertThat(d.source).isEqualTo("clicks-dedupe");
              });
    }
  }
}
