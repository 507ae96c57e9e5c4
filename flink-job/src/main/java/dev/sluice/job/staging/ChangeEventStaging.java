package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Stages the Debezium change events (JSON) of one captured table into an upsert changelog; events
 * of other tables on the same CDC stream are not its records.
 *
 * <p>Policy for an invalid after-image: the change is dead-lettered and the key is deleted from
 * staging, so curated data never keeps a version the source has since replaced by a bad one.
 */
abstract class ChangeEventStaging extends StagingFunction<String> {

  private static final long serialVersionUID = 1L;

  private final String table;
  private final String[] keyFields;
  private transient ObjectMapper mapper;

  /**
   * @param table the captured table, {@code schema.table}
   * @param keyFields the columns of the table's key, named in dead-letter positions
   */
  ChangeEventStaging(String pipeline, String source, String table, String... keyFields) {
    super(pipeline, source);
    this.table = table;
    this.keyFields = keyFields;
  }

  /** The staged row of a valid after-image. */
  protected abstract Row row(JsonNode after, long lsn, RowKind kind) throws Rejected;

  /** A row holding only the key of {@code image}, for a delete. */
  protected abstract Row key(JsonNode image, long lsn) throws Rejected;

  @Override
  protected boolean isRecord(String json) {
    try {
      JsonNode source = parse(json).path("source");
      return !source.isObject()
          || table.equals(source.path("schema").asText() + "." + source.path("table").asText());
    } catch (Rejected notJson) {
      return true;
    }
  }

  @Override
  protected void stage(String json, Context ctx, Collector<Row> out) throws Rejected {
    JsonNode event = parse(json);
    String op = event.path("op").asText("");
    long lsn = event.path("source").path("lsn").asLong(-1);
    switch (op) {
      case "r":
      case "c":
      case "u":
        JsonNode after = image(event.path("after"));
        Row key = key(after, lsn);
        try {
          out.collect(row(after, lsn, op.equals("u") ? RowKind.UPDATE_AFTER : RowKind.INSERT));
        } catch (Rejected invalid) {
          key.setKind(RowKind.DELETE);
          out.collect(key);
          throw invalid;
        }
        return;
      case "d":
        Row deleted = key(image(event.path("before")), lsn);
        deleted.setKind(RowKind.DELETE);
        out.collect(deleted);
        return;
      default:
        throw new Rejected(SCHEMA_MISMATCH, "unknown change operation op='" + op + "'");
    }
  }

  private static JsonNode image(JsonNode image) throws Rejected {
    if (!image.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "change event has no row image");
    }
    return image;
  }

  private JsonNode parse(String json) throws Rejected {
    if (mapper == null) {
      mapper = new ObjectMapper();
    }
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || !node.isObject()) {
        throw new Rejected(MALFORMED, "change event is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "change event is not JSON: " + e.getOriginalMessage());
    }
  }

  /** A column's value as text, null when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  protected String payload(String json) {
    return json;
  }

  @Override
  protected String position(String json) {
    try {
      JsonNode event = parse(json);
      JsonNode image = event.path("after").isObject() ? event.path("after") : event.path("before");
      StringBuilder key = new StringBuilder();
      for (String field : keyFields) {
        key.append(key.length() == 0 ? "" : "/").append(image.path(field).asText("?"));
      }
      return "lsn="
          + event.path("source").path("lsn").asText("?")
          + " table="
          + event.path("source").path("schema").asText("?")
          + "."
          + event.path("source").path("table").asText("?")
          + " key="
          + key
          + " op="
          + event.path("op").asText("?");
    } catch (Rejected | RuntimeException e) {
      return "lsn=? (unparseable event of " + json.length() + " chars)";
    }
  }
}
