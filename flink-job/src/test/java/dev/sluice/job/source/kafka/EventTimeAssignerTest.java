package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.kafka.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The click event time read at the source: only a sane {@code ts} moves the watermark. */
class ClickEventTimeTest {

  private static long time(String json) {
    KafkaRecord record = new KafkaRecord();
    record.value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    return new ClickEventTime().extractTimestamp(record, 42L);
  }

  @Test
  void readsTheTsFieldWhereverItIs() {
    assertThat(time("{\"a\":{\"ts\":\"x\"},\"ts\":\"2026-11-20T10:00:00.250Z\",\"b\":[1]}"))
        .isEqualTo(Instant.parse("2026-11-20T10:00:00.250Z").toEpochMilli());
  }

  @Test
  void anythingElseHasNoSayInTheWatermark() {
    assertThat(time("{\"ts\":\"2100-01-01T00:00:00Z\"}"))
        .as("far future")
        .isEqualTo(Long.MIN_VALUE);
    assertThat(time("{\"ts\":\"soon\"}")).isEqualTo(Long.MIN_VALUE);
    assertThat(time("{\"ts\":5}")).isEqualTo(Long.MIN_VALUE);
    assertThat(time("[1,2]")).isEqualTo(Long.MIN_VALUE);
    assertThat(time("{\"ts\":")).isEqualTo(Long.MIN_VALUE);
    assertThat(time(null)).as("tombstone").isEqualTo(Long.MIN_VALUE);
  }
}
