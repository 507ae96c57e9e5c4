package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.connectors.deadletter.Digests;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.connectors.kafka.KafkaRecordDeserializer;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Click staging and the lateness filter in Flink's operator harness. */
class ClicksStagingTest {

  private static final String GOOD =
      "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
          + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\"2026-11-20T08:00:00.250Z\"}";

  private static KafkaRecord record(long offset, byte[] value) {
    return new KafkaRecord("clicks", 1, offset, 0L, null, value);
  }

  private static KafkaRecord record(long offset, String value) {
    return record(offset, value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGoodClickIsStagedWithEventTimeAndPosition() throws Exception {
    try (StagingHarness<KafkaRecord> h =
        new StagingHarness<>(
            new ClicksStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
      h.push(record(10, GOOD));
      assertThat(h.deadLetters()).isEmpty();
      Row row = h.rows().get(0);
      assertThat(row.getField(StagedTables.CLICK_EVENT_TIME))
          .isEqualTo(Instant.parse("2026-11-20T08:00:00.250Z"));
      assertThat(row.getField(StagedTables.CLICK_POSITION)).isEqualTo("clicks/1/10");
    }
  }

  @Test
  void eachKindOfBadRecordGetsItsReason() throws Exception {
    try (StagingHarness<KafkaRecord> h =
        new StagingHarness<>(
            new ClicksStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
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
    try (StagingHarness<KafkaRecord> h =
        new StagingHarness<>(
            new ClicksStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
      h.push(record(1, twice));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.detail)
          .containsExactly("MALFORMED value is not (strict) JSON: Duplicate field 'ts'");
    }
    assertThat(new ClickEventTime().extractTimestamp(record(1, twice), 0))
        .as("the watermark does not take either ts")
        .isEqualTo(Long.MIN_VALUE);
    assertThat(new ClickEventTime().extractTimestamp(record(1, GOOD), 0))
        .isEqualTo(Instant.parse("2026-11-20T08:00:00.250Z").toEpochMilli());
  }

  @Test
  void unwritableValuesAreInvalidNamingTheField() throws Exception {
    try (StagingHarness<KafkaRecord> h =
        new StagingHarness<>(
            new ClicksStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
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
    try (StagingHarness<KafkaRecord> h =
        new StagingHarness<>(
            new ClicksStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
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
    try (StagingHarness<KafkaRecord> h =
        new StagingHarness<>(
            new ClicksStaging("shop", StagingHarness.RULES, SchemaDriftPolicy.EVOLVE))) {
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
      assertThat(new ClickEventTime().extractTimestamp(record(3, inAField), 0L))
          .isEqualTo(Long.MIN_VALUE);
    }
  }

  @Test
  void aClickBehindTheWatermarkIsLateNotDropped() throws Exception {
    Row click = click(500, "clicks/0/9");
    try (StagingHarness<Row> h = lateness(null)) {
      h.harness.processWatermark(1_000L);
      h.harness.processElement(click, 500L);
      h.harness.processElement(click, 1_001L);
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
    try (StagingHarness<Row> h = lateness(null)) {
      h.harness.processElement(click(60_000, "clicks/0/1"), 60_000L);
      h.harness.processElement(click(0, "clicks/0/2"), 0L);
      h.harness.processElement(click(55_000, "clicks/0/3"), 55_000L);
      h.harness.processElement(click(0, "clicks/1/1"), 0L);
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
    try (StagingHarness<Row> restored = lateness(state)) {
      restored.harness.processElement(click(1_000, "clicks/0/4"), 1_000L);
      assertThat(restored.deadLetters()).extracting(d -> d.position).containsExactly("clicks/0/4");
    }
  }

  private static StagingHarness<Row> lateness(OperatorSubtaskState state) throws Exception {
    return StagingHarness.keyed(
        new LatenessFilter("shop", "clicks-lateness", Duration.ofSeconds(5)),
        LatenessFilter.partition(),
        state);
  }

  private static Row click(long millis, String position) {
    return Row.of("acme", "e1", 3L, "s", "view", "sku", Instant.ofEpochMilli(millis), position);
  }
}
