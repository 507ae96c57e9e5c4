package dev.sluice.connectors.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a named {@link Row} as a JSON object to one topic; the key is the chosen fields joined
 * with {@code |}, so records of one key stay in order on one partition. Timestamps without zone are
 * written as ISO-8601 with seconds, e.g. {@code 2026-11-24T10:15:00}.
 */
public final class JsonRowSerializer implements KafkaRecordSerializationSchema<Row> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final List<String> keyFields;
  private transient ObjectMapper mapper;

  public JsonRowSerializer(String topic, List<String> keyFields) {
    this.topic = topic;
    this.keyFields = new ArrayList<>(keyFields);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Row row, KafkaSinkContext context, Long ts) {
    if (mapper == null) {
      mapper = new ObjectMapper();
    }
    ObjectNode node = mapper.createObjectNode();
    Set<String> names = row.getFieldNames(true);
    for (String name : names) {
      Object value = row.getField(name);
      if (value == null) {
        node.putNull(name);
      } else if (value instanceof Long || value instanceof Integer) {
        node.put(name, ((Number) value).longValue());
      } else if (value instanceof BigDecimal) {
        node.put(name, (BigDecimal) value);
      } else if (value instanceof LocalDateTime) {
        node.put(name, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) value));
      } else {
        node.put(name, value.toString());
      }
    }
    StringBuilder key = new StringBuilder();
    for (String field : keyFields) {
      key.append(key.length() == 0 ? "" : "|").append(row.getField(field));
    }
    try {
      return new ProducerRecord<>(
          topic,
          null,
          ts,
          key.toString().getBytes(StandardCharsets.UTF_8),
          mapper.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + row, e);
    }
  }
}
