package dev.sluice.job.source.kafka;

import static dev.sluice.job.source.kafka.KafkaSourceOptions.*;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.SourceFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** {@code type: kafka} — a topic of JSON records, with event time, lateness and dedupe. */
public final class KafkaSourceFactory implements SourceFactory {

  /** The topics the pipeline's kafka sources read, in file order. */
  public static List<String> topics(PipelineDefinition pipeline) {
    return pipeline.sources().stream()
        .filter(s -> s.type().equals("kafka"))
        .map(s -> s.options().get(TOPIC))
        .toList();
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public String description() {
    return "A Kafka topic of JSON objects (read_committed, from the earliest offset on the first"
        + " start, then from the checkpoint). Each record is decoded (UTF-8), parsed strictly"
        + " (a key given twice, trailing data, nesting deeper than 1000: MALFORMED) and checked"
        + " against the contract; with event-time, watermarks come from each partition inside the"
        + " source and late records are dead letters; with dedupe-retention, a key seen again is"
        + " a DUPLICATE.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(BOOTSTRAP_SERVERS, TOPIC);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(FORMAT, GROUP_ID, MAX_RECORD_KB, BOUNDED);
  }

  @Override
  public boolean multiTable() {
    return false;
  }

  @Override
  public Set<ConfigOption<?>> requiredTableOptions() {
    return Set.of(VIEW);
  }

  @Override
  public Set<ConfigOption<?>> optionalTableOptions() {
    return Set.of(
        KEY, SCHEMA_DRIFT, EVENT_TIME, MAX_OUT_OF_ORDERNESS, IDLENESS, LATENESS, DEDUPE_RETENTION);
  }

  @Override
  public Map<String, String> metadataKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("position", "topic/partition/offset (STRING)");
    keys.put("lsn", "debezium-json: the change's LSN (BIGINT)");
    keys.put("commit-time", "debezium-json: the commit time at the source (TIMESTAMP_LTZ)");
    keys.put("op", "debezium-json: Debezium's operation: r, c, u (STRING)");
    keys.put("timestamp", "the record's Kafka timestamp (TIMESTAMP_LTZ)");
    keys.put("key", "the record's key as UTF-8 text (STRING)");
    keys.put(
        "extra-fields",
        "under schema-drift: evolve, the fields the contract does not know, as a JSON object"
            + " (STRING)");
    return keys;
  }

  @Override
  public PipelineSource create(SourceDef source, PipelineDefinition pipeline) {
    return new KafkaTopicSource(source, pipeline, metadataKeys());
  }

  @Override
  public LetterReplay replay() {
    return new KafkaReplay();
  }
}
