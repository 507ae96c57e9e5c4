package dev.sluice.job.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.connectors.deadletter.Digests;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.connectors.kafka.KafkaRecordDeserializer;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.staging.StagingHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The staging of the shop's clicks topic in Flink's operator harness. */
class JsonRecordStagingTest {

  private static final PipelineDefinition SHOP = StagingHarness.shop(Map.of());
  private static final Contract CLICKS =
      StagingHarness.contract(SHOP, "clicks", new KafkaSourceFactory());

  private static final String GOOD =
      "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
          + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\"2026-11-20T08:00:00.250Z\"}";

  private static KafkaRecord record(long offset, byte[] value) {
    return new KafkaRecord("clicks", 1, offset, 0L, null, value);
  }

  private static KafkaRecord record(long offset, String value) {
    return record(offset, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The staging of the shop's clicks source, as its source builds it, with {@code overrides}. */
  static StagingHarness<KafkaRecord, Row> clicks(Map<String, String> overrides) throws Exception {
    PipelineDefinition shop = StagingHarness.shop(overrides);
    return new StagingHarness<>(
        new JsonRecordStaging(
            "shop",
            "clicks",
            StagingHarness.contract(shop, "clicks", new KafkaSourceFactory()),
            StagingHarness.table(shop, "clicks").options().get(KafkaSourceOptions.SCHEMA_DRIFT)));
  }

  private static StagingHarness<KafkaRecord, Row> clicks() throws Exception {
    return clicks(Map.of());
  }

  @Test
  void aGoodClickIsStagedWithEventTimeAndPosition() throws Exception {
    try (StagingHarness<KafkaRecord, Row> h = clicks()) {
      h.push(record(10, GOOD));
      assertThat(h.deadLetters()).isEmpty();
      Row row = h.rows().get(0);
      assertThat(row.getField(CLICKS.index("event_time")))
          .isEqualTo(Instant.parse("2026-11-20T08:00:00.250Z"));
      assertThat(row.getField(CLICKS.index("source_position"))).isEqualTo("clicks/1/10");
    }
  }

  @Test
  void eachKindOfBadRecordGetsItsReason() throws Exception {
    try (StagingHarness<KafkaRecord, Row> h = clicks()) {
      h.push(record(1, (byte[]) null))
          .push(record(2, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}))
          .push(record(3, "{\"tenant_id\": "))
          .push(record(4, "[1,2]"))
          .push(record(5, GOOD.replace("\"event_id\":\"e1\",", "")))
          .push(record(6, GOOD.replace("view", "hover")))
          .push(record(7, GOOD.replace("2026-11-20T08:00:00.250Z", "3026-01-01T00:00:00Z")))
          .push(record(8, GOOD.replace("acme", "ghost")));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position)
          .containsExactly(
              DeadLetterReason.MISSING_FIELD + " clicks/1/1",
              DeadLetterReason.ENCODING + " clicks/1/2",
              DeadLetterReason.MALFORMED + " clicks/1/3",
              DeadLetterReason.SCHEMA_MISMATCH + " clicks/1/4",
              DeadLetterReason.MISSING_FIELD + " clicks/1/5",
              DeadLetterReason.INVALID_VALUE + " clicks/1/6",
              DeadLetterReason.INVALID_VALUE + " clicks/1/7",
              DeadLetterReason.UNKNOWN_TENANT + " clicks/1/8");
    }
  }

  @Test
  void aFieldGivenTwiceIsMalformedForStagingAndGetsNoEventTime() throws Exception {
    String twice = GOOD.replace("{", "{\"ts\":\"2026-11-20T06:00:00Z\",");
    try (StagingHarness<KafkaRecord, Row> h = clicks()) {
      h.push(record(1, twice));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.detail)
          .containsExactly("MALFORMED value is not (strict) JSON: Duplicate field 'ts'");
    }
    assertThat(EventTimeAssignerTest.shopClicks().extractTimestamp(record(1, twice), 0))
        .as("the watermark does not take either ts")
        .isEqualTo(Long.MIN_VALUE);
    assertThat(EventTimeAssignerTest.shopClicks().extractTimestamp(record(1, GOOD), 0))
        .isEqualTo(Instant.parse("2026-11-20T08:00:00.250Z").toEpochMilli());
  }

  @Test
  void unwritableValuesAreInvalidNamingTheField() throws Exception {
    try (StagingHarness<KafkaRecord, Row> h = clicks()) {
      h.push(record(1, GOOD.replace("sku-1", "sku\\u0000-1")))
          .push(record(2, GOOD.replace("\"s\"", "\"s\\ud800\"")))
          .push(record(3, GOOD.replace("e1", "e".repeat(3000))))
          .push(record(4, new byte[0]))
          .push(record(5, GOOD.replace("sku-1", "sku-\uD83D\uDE00")));
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "INVALID_VALUE clicks/1/1 field sku holds U+0000 (the NUL character, which Postgres"
                  + " text cannot hold) at character 3",
              "INVALID_VALUE clicks/1/2 field session_id holds U+D800 (an unpaired UTF-16"
                  + " surrogate, which UTF-8 cannot encode) at character 1",
              "INVALID_VALUE clicks/1/3 key fields (tenant_id, event_id) take 3004 bytes; a key"
                  + " may take at most 2000 (a Postgres index entry holds 2704)",
              "MALFORMED clicks/1/4 value is empty (0 bytes)");
      assertThat(h.rows()).as("4-byte UTF-8 is written as it is").hasSize(1);
    }
  }

  @Test
  void aTenMegabyteRecordCutAtTheSourceIsOversizedWithItsSizeAndChecksum() throws Exception {
    byte[] huge =
        (GOOD.replace("}", ",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}"))
            .getBytes(StandardCharsets.UTF_8);
    List<KafkaRecord> read = new ArrayList<>();
    new KafkaRecordDeserializer(1024 * 1024)
        .deserialize(new ConsumerRecord<>("clicks", 1, 11L, null, huge), new ListCollector<>(read));
    try (StagingHarness<KafkaRecord, Row> h = clicks()) {
      h.push(read.get(0)).push(record(12, GOOD));
      assertThat(h.rows()).hasSize(1);
      assertThat(h.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason).isEqualTo(DeadLetterReason.OVERSIZED);
                assertThat(d.position).isEqualTo("clicks/1/11");
                assertThat(d.detail)
                    .isEqualTo(
                        "value is larger than sources.clicks.max-record-kb: "
                            + huge.length
                            + " bytes (sha256 "
                            + Digests.sha256Hex(huge)
                            + "); the payload holds only its first 65536 bytes");
                assertThat(d.payload).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
                assertThat(d.payloadBytes).isEqualTo(DeadLetter.MAX_PAYLOAD_CHARS);
              });
    }
  }

  @Test
  void tenThousandNestedArraysOrObjectsAreMalformedNamingTheNestingLimit() throws Exception {
    String arrays = "[".repeat(10_000) + "]".repeat(10_000);
    String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    String inAField = "{\"deep\":" + arrays + "," + GOOD.substring(1);
    try (StagingHarness<KafkaRecord, Row> h = clicks()) {
      h.push(record(1, arrays)).push(record(2, objects)).push(record(3, inAField));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .hasSize(3)
          .allSatisfy(
              d -> {
                assertThat(d.reason).isEqualTo(DeadLetterReason.MALFORMED);
                assertThat(d.detail)
                    .startsWith("value nests arrays/objects deeper than the limit of 1000 levels");
              });
      assertThat(EventTimeAssignerTest.shopClicks().extractTimestamp(record(3, inAField), 0L))
          .isEqualTo(Long.MIN_VALUE);
    }
  }
}
