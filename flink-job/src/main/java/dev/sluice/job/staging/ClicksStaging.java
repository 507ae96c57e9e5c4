package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.OVERSIZED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_DRIFT;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.deadletter.Digests;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Stages click events (UTF-8 JSON objects on Kafka) into typed rows. A value cut at the source for
 * its size is OVERSIZED; JSON nested deeper than {@link StrictJson#MAX_NESTING_DEPTH} is MALFORMED
 * (the parser stops there, so no stack overflows); fields the contract does not know are handled by
 * the {@link SchemaDriftPolicy}.
 */
public final class ClicksStaging extends StagingFunction<KafkaRecord> {

  private static final long serialVersionUID = 1L;

  /** The fields of the click contract. */
  static final Set<String> FIELDS =
      Set.of("event_id", "tenant_id", "customer_id", "session_id", "event_type", "sku", "ts");

  private final ShopRules rules;
  private final SchemaDriftPolicy drift;
  private transient ObjectMapper mapper;

  public ClicksStaging(String pipeline, ShopRules rules, SchemaDriftPolicy drift) {
    super(pipeline, "clicks", StagedTables.CLICKS_TYPE, List.of("tenant_id", "event_id"));
    this.rules = rules;
    this.drift = drift;
  }

  @Override
  protected void stage(KafkaRecord record, Context ctx, Collector<Row> out) throws Rejected {
    if (record.value == null) {
      throw new Rejected(MISSING_FIELD, "tombstone: the record has no value");
    }
    if (record.isCut()) {
      throw new Rejected(
          OVERSIZED,
          "value is larger than sources.clicks.max-record-kb: "
              + Digests.cut(record.fullValueBytes, record.fullValueSha256, record.value.length));
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(record.value))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Rejected(ENCODING, "value is not valid UTF-8");
    }
    if (record.value.length == 0) {
      throw new Rejected(MALFORMED, "value is empty (0 bytes)");
    }
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    JsonNode click;
    try {
      click = mapper.readTree(json);
    } catch (StreamConstraintsException e) {
      throw new Rejected(
          MALFORMED,
          "value nests arrays/objects deeper than the limit of "
              + StrictJson.MAX_NESTING_DEPTH
              + " levels: "
              + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "value is not (strict) JSON: " + e.getOriginalMessage());
    }
    if (click == null || !click.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "value is JSON but not an object");
    }
    String extras = drift(click, record);
    Row row = new Row(StagedTables.CLICKS_TYPE.getArity());
    row.setField(0, rules.tenant(text(click, "tenant_id")));
    row.setField(1, Fields.text("event_id", text(click, "event_id")));
    row.setField(2, Fields.positiveLong("customer_id", text(click, "customer_id")));
    row.setField(3, Fields.text("session_id", text(click, "session_id")));
    row.setField(4, Fields.oneOf("event_type", text(click, "event_type"), ShopRules.EVENT_TYPES));
    row.setField(5, text(click, "sku"));
    row.setField(StagedTables.CLICK_EVENT_TIME, Fields.instant("ts", text(click, "ts")));
    row.setField(StagedTables.CLICK_POSITION, record.position());
    row.setField(StagedTables.CLICK_EXTRA_FIELDS, extras);
    out.collect(writable(row));
  }

  /** Applies the drift policy to unknown fields; returns them as JSON under {@code evolve}. */
  private String drift(JsonNode click, KafkaRecord record) throws Rejected {
    ObjectNode extra = JsonNodeFactory.instance.objectNode();
    click
        .fields()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f.getKey())) {
                extra.set(f.getKey(), f.getValue());
              }
            });
    if (extra.isEmpty()) {
      return null;
    }
    String field = extra.fieldNames().next();
    switch (drift) {
      case DEAD_LETTER:
        throw new Rejected(
            SCHEMA_DRIFT,
            "field "
                + field
                + " is not in the click contract (sources.clicks.schema-drift:"
                + " dead-letter)");
      case FAIL:
        throw new SuppressRestartsException(
            new IllegalStateException(
                "sources.clicks.schema-drift is fail and the click at "
                    + record.position()
                    + " has field "
                    + field
                    + ", which is not in the click contract "
                    + FIELDS));
      case EVOLVE:
        return extra.toString();
      default:
        return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  protected String payload(KafkaRecord record) {
    return record.value == null ? "" : new String(record.value, StandardCharsets.UTF_8);
  }

  @Override
  protected String position(KafkaRecord record) {
    return record.position();
  }
}
