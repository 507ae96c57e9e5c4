package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.kafka.KafkaRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** Stages click events (UTF-8 JSON objects on Kafka) into typed rows. */
public final class ClicksStaging extends StagingFunction<KafkaRecord> {

  private static final long serialVersionUID = 1L;

  private final ShopRules rules;
  private transient ObjectMapper mapper;

  public ClicksStaging(String pipeline, ShopRules rules) {
    super(pipeline, "clicks");
    this.rules = rules;
  }

  @Override
  protected void stage(KafkaRecord record, Context ctx, Collector<Row> out) throws Rejected {
    if (record.value == null) {
      throw new Rejected(MISSING_FIELD, "tombstone: the record has no value");
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
    if (mapper == null) {
      mapper = new ObjectMapper();
    }
    JsonNode click;
    try {
      click = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "value is not JSON: " + e.getOriginalMessage());
    }
    if (click == null || !click.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "value is JSON but not an object");
    }
    Row row = new Row(StagedTables.CLICKS_TYPE.getArity());
    row.setField(0, rules.tenant(text(click, "tenant_id")));
    row.setField(1, Fields.text("event_id", text(click, "event_id")));
    row.setField(2, Fields.positiveLong("customer_id", text(click, "customer_id")));
    row.setField(3, Fields.text("session_id", text(click, "session_id")));
    row.setField(4, Fields.oneOf("event_type", text(click, "event_type"), ShopRules.EVENT_TYPES));
    row.setField(5, text(click, "sku"));
    row.setField(StagedTables.CLICK_EVENT_TIME, Fields.instant("ts", text(click, "ts")));
    row.setField(StagedTables.CLICK_POSITION, record.position());
    out.collect(row);
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
