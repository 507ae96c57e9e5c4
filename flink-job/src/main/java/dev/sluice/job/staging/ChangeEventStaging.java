package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;
import static dev.sluice.connectors.deadletter.DeadLetterReason.UNAVAILABLE_VALUE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.UNKNOWN_ROW;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.text.WritableText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages the Debezium change events (JSON) of one captured table into an upsert changelog; events
 * of other tables on the same CDC stream are not its records.
 *
 * <p>Runs keyed by {@link #keySelector()}: per row it keeps the source's latest after-image and
 * whether a valid version of it is staged. An invalid after-image is dead-lettered and retracts the
 * staged version, so curated data never keeps a version the source has since replaced by a bad one;
 * a delete of a row never seen is an {@code UNKNOWN_ROW} dead letter, never a retraction; an
 * unchanged TOASTed column ({@value #UNAVAILABLE}) is filled from the previous image.
 *
 * <p>It also keeps the LSN of the last change applied to the row, deleted rows included, for the
 * redelivery retention (state TTL): a change at exactly that LSN is the same change delivered again
 * after a restore, and is dropped — neither staged again nor dead-lettered twice — and counted as
 * redelivered. Flink CDC delivers a change again when the checkpoint stored it as its position and
 * it shares its LSN with the commit before it: the restart locator cannot tell that from a stored
 * commit boundary and resumes at the start of the transaction (see {@code WalPositionLocator}); the
 * change it delivers again is the last one applied to its row. Only equality counts: an insert's
 * WAL record may precede the record of a delete of the same key that commits first, so a lower LSN
 * is not proof of a re-delivery.
 */
abstract class ChangeEventStaging extends StagingFunction<String> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventStaging.class);

  /** Debezium's value for a TOASTed column an UPDATE did not change (REPLICA IDENTITY DEFAULT). */
  static final String UNAVAILABLE = "__debezium_unavailable_value";

  /** Longest key column value a dead letter's position shows whole. */
  static final int MAX_POSITION_KEY_CHARS = 120;

  private final String table;
  private final String[] keyFields;
  private final ColumnDrift drift;
  private final Duration redeliveryRetention;
  private transient ObjectMapper mapper;
  private transient String parsedJson;
  private transient JsonNode parsedEvent;
  private transient ValueState<String> image;
  private transient ValueState<Boolean> staged;
  private transient ValueState<Long> appliedLsn;

  /**
   * @param table the captured table, {@code schema.table}
   * @param type the staged rows' type
   * @param redeliveryRetention how long the LSN of a row's last applied change is kept
   * @param drift the check of each after-image's columns
   * @param keyFields the columns of the table's key, named in dead-letter positions
   */
  ChangeEventStaging(
      String pipeline,
      String source,
      String table,
      RowTypeInfo type,
      Duration redeliveryRetention,
      ColumnDrift drift,
      String... keyFields) {
    super(pipeline, source, type, List.of(keyFields));
    this.table = table;
    this.redeliveryRetention = redeliveryRetention;
    this.drift = drift;
    this.keyFields = keyFields;
  }

  /** The key to run this function by: the key columns of an event's image ("" if unparseable). */
  KeySelector<String, String> keySelector() {
    return new EventKey(keyFields);
  }

  /** The key columns of a change event, parsed on their own (the staging parses it again). */
  private static final class EventKey implements KeySelector<String, String> {

    private static final long serialVersionUID = 1L;

    private final String[] keyFields;
    private transient ObjectMapper mapper;

    EventKey(String[] keyFields) {
      this.keyFields = keyFields;
    }

    @Override
    public String getKey(String json) {
      if (mapper == null) {
        mapper = StrictJson.mapper();
      }
      try {
        return keyOf(mapper.readTree(json), keyFields);
      } catch (JsonProcessingException | RuntimeException notJson) {
        return "";
      }
    }
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    image = getRuntimeContext().getState(new ValueStateDescriptor<>("image", Types.STRING));
    staged = getRuntimeContext().getState(new ValueStateDescriptor<>("staged", Types.BOOLEAN));
    ValueStateDescriptor<Long> applied = new ValueStateDescriptor<>("applied-lsn", Types.LONG);
    applied.enableTimeToLive(StateRetention.of(redeliveryRetention));
    appliedLsn = getRuntimeContext().getState(applied);
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
  protected boolean isRedelivered(String json) throws IOException {
    JsonNode event;
    try {
      event = parse(json);
    } catch (Rejected notJson) {
      return false;
    }
    long lsn = streamedLsn(event);
    Long applied = appliedLsn.value();
    if (lsn <= 0 || !Long.valueOf(lsn).equals(applied)) {
      return false;
    }
    LOG.info(
        "Dropped a change delivered again after a restore: {} (last applied LSN {})",
        position(json),
        applied);
    return true;
  }

  /** The LSN of a streamed change (insert, update, delete), else -1 (snapshot reads included). */
  private static long streamedLsn(JsonNode event) {
    return event.path("op").asText("r").equals("r")
        ? -1
        : event.path("source").path("lsn").asLong(-1);
  }

  @Override
  protected void stage(String json, Context ctx, Collector<Row> out) throws Rejected, IOException {
    JsonNode event = parse(json);
    String op = event.path("op").asText("");
    long lsn = event.path("source").path("lsn").asLong(-1);
    if (streamedLsn(event) > 0) {
      appliedLsn.update(lsn);
    }
    switch (op) {
      case "r":
      case "c":
      case "u":
        ObjectNode after = (ObjectNode) image(event.path("after"));
        Row key = key(after, lsn);
        try {
          List<String> unavailable = fillUnchangedToast(after);
          drift.check(after, String.valueOf(lsn));
          rejectUnavailable(unavailable);
          out.collect(
              writable(row(after, lsn, op.equals("u") ? RowKind.UPDATE_AFTER : RowKind.INSERT)));
          staged.update(true);
        } catch (Rejected invalid) {
          retract(key, out);
          throw invalid;
        }
        return;
      case "d":
        Row deleted = key(image(event.path("before")), lsn);
        if (image.value() == null) {
          throw new Rejected(
              UNKNOWN_ROW,
              "delete of a row of " + table + " this staging never saw; nothing to retract");
        }
        image.clear();
        retract(deleted, out);
        return;
      default:
        throw new Rejected(SCHEMA_MISMATCH, "unknown change operation op='" + op + "'");
    }
  }

  /** Emits a delete of {@code key} if a valid version of it is staged. */
  private void retract(Row key, Collector<Row> out) throws IOException {
    if (Boolean.TRUE.equals(staged.value())) {
      key.setKind(RowKind.DELETE);
      out.collect(key);
    }
    staged.clear();
  }

  /**
   * Replaces each {@value #UNAVAILABLE} in {@code after} by the column's value in the row's
   * previous image and keeps the result as the row's latest image; returns the columns no previous
   * image holds.
   */
  private List<String> fillUnchangedToast(ObjectNode after) throws IOException {
    String previousJson = image.value();
    JsonNode previous = previousJson == null ? null : mapper.readTree(previousJson);
    List<String> unavailable = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      if (UNAVAILABLE.equals(column.getValue().textValue())) {
        JsonNode known = previous == null ? null : previous.get(column.getKey());
        if (known == null || UNAVAILABLE.equals(known.textValue())) {
          unavailable.add(column.getKey());
        } else {
          column.setValue(known);
        }
      }
    }
    image.update(after.toString());
    return unavailable;
  }

  private void rejectUnavailable(List<String> unavailable) throws Rejected {
    if (!unavailable.isEmpty()) {
      throw new Rejected(
          UNAVAILABLE_VALUE,
          "column(s) "
              + unavailable
              + " of "
              + table
              + " arrived as "
              + UNAVAILABLE
              + " (an unchanged TOASTed value) and no earlier version of the row is known;"
              + " REPLICA IDENTITY FULL on the source table avoids it");
    }
  }

  private static JsonNode image(JsonNode image) throws Rejected {
    if (!image.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "change event has no row image");
    }
    return image;
  }

  /**
   * The event {@code json} holds. Each record is read by several steps (table, redelivery, staging,
   * dead-letter position), so the last one parsed is kept rather than parsed again.
   */
  private JsonNode parse(String json) throws Rejected {
    if (json == parsedJson) {
      return parsedEvent;
    }
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || !node.isObject()) {
        throw new Rejected(MALFORMED, "change event is not a JSON object");
      }
      parsedJson = json;
      parsedEvent = node;
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
      return "lsn="
          + event.path("source").path("lsn").asText("?")
          + " table="
          + event.path("source").path("schema").asText("?")
          + "."
          + event.path("source").path("table").asText("?")
          + " key="
          + positionKey(event)
          + " op="
          + event.path("op").asText("?");
    } catch (Rejected | RuntimeException e) {
      return "lsn=? (unparseable event of " + json.length() + " chars)";
    }
  }

  /**
   * The key as a position names it: each column's value escaped and bounded to {@value
   * #MAX_POSITION_KEY_CHARS} characters (a cut one ends with its length and SHA-256), so that the
   * op after it survives the dead letter's bound on positions.
   */
  private String positionKey(JsonNode event) {
    JsonNode image = event.path("after").isObject() ? event.path("after") : event.path("before");
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < keyFields.length; i++) {
      key.append(i == 0 ? "" : "/")
          .append(
              WritableText.escapeAndBound(
                  image.path(keyFields[i]).asText("?"), MAX_POSITION_KEY_CHARS));
    }
    return key.toString();
  }

  /** The key columns of the event's after-image (before-image for a delete), joined by "/". */
  private static String keyOf(JsonNode event, String[] keyFields) {
    JsonNode image = event.path("after").isObject() ? event.path("after") : event.path("before");
    StringBuilder key = new StringBuilder();
    for (String field : keyFields) {
      key.append(key.length() == 0 ? "" : "/").append(image.path(field).asText("?"));
    }
    return key.toString();
  }
}
