package dev.sluice.job.source.kafka;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_DRIFT;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.JsonRecordFields;
import dev.sluice.job.contract.MetadataValues;
import dev.sluice.job.contract.Rejected;
import dev.sluice.job.staging.KafkaValues;
import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingFunction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Stages the records of a Kafka topic (UTF-8 JSON objects) into rows of the contract. A value cut
 * at the source for its size is OVERSIZED; JSON nested deeper than {@link
 * StrictJson#MAX_NESTING_DEPTH} is MALFORMED (the parser stops there, so no stack overflows);
 * fields the contract does not know are handled by the {@link SchemaDriftPolicy}.
 */
final class JsonRecordStaging extends StagingFunction<KafkaRecord, Row> {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final SchemaDriftPolicy drift;
  private transient ObjectMapper mapper;

  JsonRecordStaging(String pipeline, String source, Contract contract, SchemaDriftPolicy drift) {
    super(pipeline, source, contract);
    this.source = source;
    this.drift = drift;
  }

  @Override
  protected void stage(KafkaRecord record, Context ctx, Collector<Row> out) throws Rejected {
    if (record.value == null) {
      throw new Rejected(MISSING_FIELD, "tombstone: the record has no value");
    }
    String json = KafkaValues.text(record, source);
    if (record.value.length == 0) {
      throw new Rejected(MALFORMED, "value is empty (0 bytes)");
    }
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    JsonNode object;
    try {
      object = mapper.readTree(json);
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
    if (object == null || !object.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "value is JSON but not an object");
    }
    String extras = drift(object, record);
    MetadataValues metadata =
        key -> {
          switch (key) {
            case "position":
              return record.position();
            case "timestamp":
              return Instant.ofEpochMilli(record.timestamp);
            case "key":
              return record.key == null ? null : new String(record.key, StandardCharsets.UTF_8);
            case "extra-fields":
              return extras;
            default:
              return null;
          }
        };
    out.collect(writable(contract().row(new JsonRecordFields(object), metadata)));
  }

  /** Applies the drift policy to unknown fields; returns them as JSON under {@code evolve}. */
  private String drift(JsonNode object, KafkaRecord record) throws Rejected {
    ObjectNode extra = JsonNodeFactory.instance.objectNode();
    object
        .fields()
        .forEachRemaining(
            f -> {
              if (!contract().sourceFields().contains(f.getKey())) {
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
                + " is not in the contract (sources."
                + source
                + ".schema-drift: dead-letter)");
      case FAIL:
        throw new SuppressRestartsException(
            new IllegalStateException(
                "sources."
                    + source
                    + ".schema-drift is fail and the record at "
                    + record.position()
                    + " has field "
                    + field
                    + ", which is not in the contract "
                    + contract().sourceFields()));
      case EVOLVE:
        return extra.toString();
      default:
        return null;
    }
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
