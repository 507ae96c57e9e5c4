package dev.sluice.job.source.cdc;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.Rejected;
import dev.sluice.job.staging.KafkaValues;
import dev.sluice.job.staging.StagingFunction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.util.Collector;

/**
 * Reads Debezium's JSON change events from a Kafka topic (as Debezium's JsonConverter writes them,
 * with or without its {@code schema}/{@code payload} envelope) into change events of one table; a
 * tombstone (the null value Debezium writes after a delete) is not a record. A record that is not a
 * change event is a dead letter naming its topic, partition and offset.
 */
final class DebeziumRecordStaging extends StagingFunction<KafkaRecord, ChangeEvent> {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final CdcRoute route;
  private transient ObjectMapper mapper;

  DebeziumRecordStaging(String pipeline, String source, CdcRoute route) {
    super(pipeline, source);
    this.source = source;
    this.route = route;
  }

  @Override
  protected boolean isRecord(KafkaRecord record) {
    return record.value != null;
  }

  @Override
  protected void stage(KafkaRecord record, Context ctx, Collector<ChangeEvent> out)
      throws Rejected {
    String json = KafkaValues.text(record, source);
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    JsonNode event;
    try {
      event = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "value is not (strict) JSON: " + e.getOriginalMessage());
    }
    if (event != null && event.path("payload").isObject() && event.has("schema")) {
      event = event.get("payload");
    }
    if (event == null || !event.isObject() || !event.has("op")) {
      throw new Rejected(SCHEMA_MISMATCH, "value is not a Debezium change event (no op)");
    }
    JsonNode block = event.path("source");
    String upstream =
        block.isObject() && block.has("table") ? ChangeEventRouter.upstream(block) : record.topic;
    ChangeEvent change = ChangeEvent.of(event, route, upstream, json);
    change.origin = record.position();
    out.collect(change);
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
