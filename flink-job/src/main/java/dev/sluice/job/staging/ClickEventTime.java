package dev.sluice.job.staging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

  private transient JsonFactory json;

  @Override
  public long extractTimestamp(KafkaRecord record, long kafkaTimestamp) {
    if (record.value == null || record.isCut()) {
      return Long.MIN_VALUE;
    }
    if (json == null) {
      json = StrictJson.mapper().getFactory();
    }
    // Streamed through the strict parser to the end (a key given twice anywhere, or data after
    // the object, makes it unusable), keeping only the top-level ts: no tree per click.
    try (JsonParser parser = json.createParser(record.value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Long.MIN_VALUE;
      }
      String ts = null;
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("ts") && value == JsonToken.VALUE_STRING) {
          ts = parser.getText();
        }
        parser.skipChildren();
      }
      if (ts == null || parser.nextToken() != null) {
        return Long.MIN_VALUE;
      }
      return Fields.instant("ts", ts).toEpochMilli();
    } catch (Exception unusable) {
      return Long.MIN_VALUE;
    }
  }
}
