package dev.sluice.job.source.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.Contract;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a raw record, read at the Kafka source so that each partition gets its own
 * watermark: the event-time column's field of the JSON object, under the column's contract and
 * through the same strict parser as staging (a record giving the field twice is malformed for both,
 * so the watermark and the staged row can never see two different times). A record without a valid
 * time (staging dead-letters it) gets no say in the watermark, so a record from the year 2100
 * cannot make every later one LATE. Nor does a value cut for its size.
 */
final class EventTimeAssigner implements SerializableTimestampAssigner<KafkaRecord> {

  private static final long serialVersionUID = 1L;

  private final Contract contract;
  private final String column;
  private final String field;
  private transient JsonFactory json;

  /**
   * @param column the event-time column of {@code contract}
   * @param field the record field it reads
   */
  EventTimeAssigner(Contract contract, String column, String field) {
    this.contract = contract;
    this.column = column;
    this.field = field;
  }

  @Override
  public long extractTimestamp(KafkaRecord record, long kafkaTimestamp) {
    if (record.value == null || record.isCut()) {
      return Long.MIN_VALUE;
    }
    if (json == null) {
      json = StrictJson.mapper().getFactory();
    }
    // Streamed through the strict parser to the end (a key given twice anywhere, or data after
    // the object, makes it unusable), keeping only the top-level field: no tree per record.
    try (JsonParser parser = json.createParser(record.value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Long.MIN_VALUE;
      }
      String time = null;
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(field) && value.isScalarValue()) {
          time = parser.getText();
        }
        parser.skipChildren();
      }
      if (time == null || parser.nextToken() != null) {
        return Long.MIN_VALUE;
      }
      Object value = contract.value(column, time);
      return value instanceof LocalDateTime
          ? ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli()
          : ((Instant) value).toEpochMilli();
    } catch (Exception unusable) {
      return Long.MIN_VALUE;
    }
  }
}
