package dev.sluice.connectors.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a named {@link Row} as a JSON object to one topic; the key is the chosen fields joined
 * with {@code |}, so records of one key stay in order on one partition. Timestamps without zone are
 * written as ISO-8601 with seconds, e.g. {@code 2026-11-24T10:15:00}.
 *
 * <p>Upsert topics (log-compacted, read by key): a DELETE row, or a row whose {@code
 * tombstoneField} holds one of {@code tombstoneValues}, is written as a tombstone (null value).
 * UPDATE_BEFORE rows carry nothing an upsert reader needs; filter them out before this sink.
 */
public final class JsonRowSerializer implements KafkaRecordSerializationSchema<Row> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final List<String> keyFields;
  private final String tombstoneField;
  private final Set<String> tombstoneValues;
  private transient ObjectMapper mapper;

  /** For append-only rows: every row is a JSON value. */
  public JsonRowSerializer(String topic, List<String> keyFields) {
    this(topic, keyFields, null, Set.of());
  }

  /**
   * For an upsert changelog: deletes, and rows whose {@code tombstoneField} is one of {@code
   * tombstoneValues}, become tombstones.
   */
  public JsonRowSerializer(
      String topic, List<String> keyFields, String tombstoneField, Set<String> tombstoneValues) {
    this.topic = topic;
    this.keyFields = new ArrayList<>(keyFields);
    this.tombstoneField = tombstoneField;
    this.tombstoneValues = new HashSet<>(tombstoneValues);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Row row, KafkaSinkContext context, Long ts) {
    if (mapper == null) {
      // Exact decimals: an amount of 235.00 stays 235.00, not 235.
      mapper = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }
    if (row.getKind() == RowKind.UPDATE_BEFORE) {
      throw new IllegalArgumentException("UPDATE_BEFORE rows must be filtered out: " + row);
    }
    byte[] key = key(row);
    boolean tombstone =
        row.getKind() == RowKind.DELETE
            || (tombstoneField != null
                && tombstoneValues.contains(String.valueOf(row.getField(tombstoneField))));
    try {
      return new ProducerRecord<>(
          topic, null, ts, key, tombstone ? null : mapper.writeValueAsBytes(json(row)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + row, e);
    }
  }

  private byte[] key(Row row) {
    StringBuilder key = new StringBuilder();
    for (String field : keyFields) {
      key.append(key.length() == 0 ? "" : "|").append(row.getField(field));
    }
    return key.toString().getBytes(StandardCharsets.UTF_8);
  }

  private ObjectNode json(Row row) {
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
    return node;
  }
}
