package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.source.kafka.KafkaSourceFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * Dedupe of the shop's clicks in Flink's keyed operator harness: duplicates, TTL expiry, no timers.
 */
class DeduplicatorTest {

  /** The staged rows' contract: the shop's clicks. */
  static final Contract CLICKS =
      StagingHarness.contract(StagingHarness.shop(Map.of()), "clicks", new KafkaSourceFactory());

  /** The staged row's source position column (metadata: position). */
  static final int POSITION = CLICKS.index("source_position");

  /** A staged click of acme's customer 3. */
  static Row click(String eventId, Instant eventTime, String position) {
    Row row = new Row(CLICKS.columnNames().size());
    row.setField(CLICKS.index("tenant_id"), "acme");
    row.setField(CLICKS.index("event_id"), eventId);
    row.setField(CLICKS.index("customer_id"), 3L);
    row.setField(CLICKS.index("session_id"), "s");
    row.setField(CLICKS.index("event_type"), "view");
    row.setField(CLICKS.index("sku"), "sku");
    row.setField(CLICKS.index("event_time"), eventTime);
    row.setField(POSITION, position);
    return row;
  }

  private static Row click(String eventId, long offset) {
    return click(eventId, Instant.EPOCH, "clicks/0/" + offset);
  }

  @Test
  void aSecondClickWithTheSameKeyIsADuplicateUntilTheRetentionExpires() throws Exception {
    Duration retention = Duration.ofMinutes(10);
    int[] key = CLICKS.key().stream().mapToInt(CLICKS::index).toArray();
    try (StagingHarness<Row, Row> dedupe =
        StagingHarness.keyed(
            new Deduplicator("shop", "clicks-dedupe", retention, POSITION),
            Deduplicator.key(key),
            null)) {
      KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = dedupe.keyedHarness();
      h.setStateTtlProcessingTime(0);
      dedupe.push(click("e1", 1)).push(click("e2", 2)).push(click("e1", 3));
      assertThat(dedupe.rows()).hasSize(2);
      assertThat(h.numKeyedStateEntries()).as("one mark per key").isEqualTo(2);
      assertThat(h.numProcessingTimeTimers()).as("no timers: the state TTL expires marks").isZero();

      h.setStateTtlProcessingTime(retention.toMillis() + 1);
      dedupe.push(click("e1", 4));
      assertThat(dedupe.rows()).hasSize(3);

      assertThat(dedupe.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason).isEqualTo(DeadLetterReason.DUPLICATE);
                assertThat(d.position).isEqualTo("clicks/0/3");
                assertThat(d.source).isEqualTo("clicks-dedupe");
                assertThat(d.detail).isEqualTo("key acme/e1 was already seen within PT10M");
              });
    }
  }
}
