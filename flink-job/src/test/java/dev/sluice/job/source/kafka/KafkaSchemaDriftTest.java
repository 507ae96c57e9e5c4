package dev.sluice.job.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingHarness;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * Clicks with a field the shop's contract does not know, or without one it requires, per policy.
 */
class KafkaSchemaDriftTest {

  private static final String GOOD =
      "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
          + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\"2026-11-20T08:00:00.250Z\"";
  private static final String NEW_FIELD = GOOD + ",\"device\":{\"os\":\"ios\"}}";

  /** The staged row's extra_fields column (metadata: extra-fields). */
  private static final int EXTRA_FIELDS =
      StagingHarness.contract(StagingHarness.shop(Map.of()), "clicks", new KafkaSourceFactory())
          .index("extra_fields");

  private static StagingHarness<KafkaRecord, Row> stage(SchemaDriftPolicy policy, String json)
      throws Exception {
    StagingHarness<KafkaRecord, Row> h =
        JsonRecordStagingTest.clicks(
            Map.of("sources.clicks.schema-drift", policy.name().toLowerCase().replace('_', '-')));
    h.push(new KafkaRecord("clicks", 0, 5, 0L, null, json.getBytes(StandardCharsets.UTF_8)));
    return h;
  }

  @Test
  void aNewFieldIsKeptDroppedDeadLetteredOrFatalByPolicy() throws Exception {
    try (StagingHarness<KafkaRecord, Row> evolve = stage(SchemaDriftPolicy.EVOLVE, NEW_FIELD)) {
      assertThat(evolve.deadLetters()).isEmpty();
      assertThat(evolve.rows().get(0).getField(EXTRA_FIELDS))
          .isEqualTo("{\"device\":{\"os\":\"ios\"}}");
    }
    try (StagingHarness<KafkaRecord, Row> ignore = stage(SchemaDriftPolicy.IGNORE, NEW_FIELD)) {
      assertThat(ignore.deadLetters()).isEmpty();
      assertThat(ignore.rows().get(0).getField(1)).isEqualTo("e1");
      assertThat(ignore.rows().get(0).getField(EXTRA_FIELDS)).isNull();
    }
    try (StagingHarness<KafkaRecord, Row> dead = stage(SchemaDriftPolicy.DEAD_LETTER, NEW_FIELD)) {
      assertThat(dead.rows()).isEmpty();
      assertThat(dead.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              // One staging for every topic: "the contract", no longer "the click contract".
              "SCHEMA_DRIFT clicks/0/5 field device is not in the contract"
                  + " (sources.clicks.schema-drift: dead-letter)");
    }
    assertThatThrownBy(() -> stage(SchemaDriftPolicy.FAIL, NEW_FIELD))
        .isInstanceOf(SuppressRestartsException.class)
        .rootCause()
        // Likewise "the record at", no longer "the click at".
        .hasMessageContaining("the record at clicks/0/5 has field device");
  }

  @Test
  void aMissingRequiredFieldIsMissingFieldUnderEveryPolicy() throws Exception {
    for (SchemaDriftPolicy policy : SchemaDriftPolicy.values()) {
      try (StagingHarness<KafkaRecord, Row> h =
          stage(policy, GOOD.replace("\"session_id\":\"s\",", "") + "}")) {
        assertThat(h.rows()).as(policy.name()).isEmpty();
        assertThat(h.deadLetters())
            .extracting(d -> d.reason + " " + d.detail)
            .containsExactly("MISSING_FIELD field session_id is missing or empty");
      }
    }
  }

  @Test
  void aMissingOptionalFieldIsStagedAsNull() throws Exception {
    try (StagingHarness<KafkaRecord, Row> h =
        stage(SchemaDriftPolicy.DEAD_LETTER, GOOD.replace(",\"sku\":\"sku-1\"", "") + "}")) {
      assertThat(h.deadLetters()).isEmpty();
      assertThat(h.rows().get(0).getField(5)).isNull();
    }
  }
}
