package dev.sluice.job.source.cdc;

import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.job.contract.RecordFields;
import dev.sluice.job.contract.Rejected;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Debezium change event parsed once by the {@link ChangeEventRouter}: its table, operation,
 * position and row image (the after-image, or the before-image of a delete) as column texts.
 */
public class ChangeEvent {

  /** The table definition it was routed to. */
  public String table;

  /** The captured table, {@code schema.table}. */
  public String upstream;

  /** Debezium's operation: r (snapshot read), c, u, d. */
  public String op;

  /** The change's LSN, or -1. */
  public long lsn;

  /** The commit time at the source (epoch millis), 0 for snapshot reads. */
  public long commitMillis;

  /** The staging key: the upstream table and the key columns' values, joined by "/". */
  public String key;

  /** The image's column names. */
  public String[] columns;

  /** The image's values as text (JSON null: null), in the order of {@link #columns}. */
  public String[] values;

  /** The event as it arrived, for dead letters. */
  public String json;

  /** Where it was read when that is not the WAL (a Kafka topic/partition/offset), else null. */
  public String origin;

  /** For Flink's POJO serializer. */
  public ChangeEvent() {}

  /**
   * The change {@code event} (a parsed Debezium change event of {@code upstream}) describes, for
   * the table of {@code route}; rejected when it has no row image.
   */
  static ChangeEvent of(JsonNode event, CdcRoute route, String upstream, String json)
      throws Rejected {
    String op = event.path("op").asText("");
    JsonNode image = op.equals("d") ? event.path("before") : event.path("after");
    if (!image.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "change event has no row image");
    }
    JsonNode source = event.path("source");
    ChangeEvent change = new ChangeEvent();
    change.table = route.table;
    change.upstream = upstream;
    change.op = op;
    change.lsn = source.path("lsn").asLong(-1);
    change.commitMillis = source.path("ts_ms").asLong(event.path("ts_ms").asLong(0));
    change.json = json;
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      columns.add(column.getKey());
      JsonNode value = column.getValue();
      values.add(value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
    }
    change.columns = columns.toArray(new String[0]);
    change.values = values.toArray(new String[0]);
    StringBuilder key = new StringBuilder(upstream);
    for (String field : route.keyFields) {
      key.append('/').append(image.path(field).asText("?"));
    }
    change.key = key.toString();
    return change;
  }

  /** True for a change the WAL streamed (not a snapshot read). */
  public boolean streamed() {
    return !"r".equals(op) && lsn > 0;
  }

  /** The image as fields of a record. */
  RecordFields fields() {
    return field -> {
      for (int i = 0; i < columns.length; i++) {
        if (columns[i].equals(field)) {
          return values[i];
        }
      }
      return null;
    };
  }
}
