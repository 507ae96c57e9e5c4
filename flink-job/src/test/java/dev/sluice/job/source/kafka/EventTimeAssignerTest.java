package dev.sluice.job.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.staging.StagingHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event time read at the shop's clicks source: only a sane {@code ts} moves the watermark. */
class EventTimeAssignerTest {

  /** The event time of the shop's clicks, as its source reads it: its column, and the field. */
  static EventTimeAssigner shopClicks() {
    PipelineDefinition shop = StagingHarness.shop(Map.of());
    TableDef clicks = StagingHarness.table(shop, "clicks");
    String column = clicks.options().getOptional(KafkaSourceOptions.EVENT_TIME).orElseThrow();
    return new EventTimeAssigner(
        StagingHarness.contract(shop, "clicks", new KafkaSourceFactory()),
        column,
        TableContracts.sourceField(TableContracts.column(clicks, column)));
  }

  private static long time(String json) {
    KafkaRecord record = new KafkaRecord();
    record.value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    return shopClicks().extractTimestamp(record, 42L);
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
