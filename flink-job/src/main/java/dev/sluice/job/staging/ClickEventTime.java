package dev.sluice.job.staging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.kafka.KafkaRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a raw click, read at the Kafka source so that each partition gets its own
 * watermark: the {@code ts} field of the JSON object, under the same sanity rule as staging and
 * through the same strict parser (a click giving {@code ts} twice is malformed for both, so the
 * watermark and the staged row can never see two different times). A click without a sane {@code
 * ts} (staging dead-letters it) gets no say in the watermark, so a click from the year 2100 cannot
 * make every later one LATE. Nor does a value cut for its size.
 */
public final class ClickEventTime implements SerializableTimestampAssigner<KafkaRecord> {

  private static final long serialVersionUID = 1L;

  private transient ObjectMapper mapper;

  @Override
  public long extractTimestamp(KafkaRecord record, long kafkaTimestamp) {
    if (record.value == null || record.isCut()) {
      return Long.MIN_VALUE;
    }
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    try {
      JsonNode ts = mapper.readTree(record.value).get("ts");
      return ts != null && ts.isTextual()
          ? Fields.instant("ts", ts.textValue()).toEpochMilli()
          : Long.MIN_VALUE;
    } catch (Exception unusable) {
      return Long.MIN_VALUE;
    }
  }
}
