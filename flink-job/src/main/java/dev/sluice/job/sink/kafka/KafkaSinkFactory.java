package dev.sluice.job.sink.kafka;

import static dev.sluice.job.sink.kafka.KafkaSinkOptions.*;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SinkDef;
import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.SinkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** {@code type: kafka} — views to topics as JSON, in Kafka transactions per checkpoint. */
public final class KafkaSinkFactory implements SinkFactory {

  /** The topics the pipeline's kafka sinks write (dead letters last), in file order. */
  public static List<String> topics(PipelineDefinition pipeline) {
    List<String> topics = new ArrayList<>();
    for (SinkDef sink : pipeline.sinks()) {
      if (sink.type().equals("kafka")) {
        sink.targets().forEach(t -> topics.add(t.options().get(TOPIC)));
        sink.options().getOptional(DEAD_LETTERS).ifPresent(topics::add);
      }
    }
    return topics;
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public String description() {
    return "Serves views to Kafka topics as JSON objects, exactly once (a transaction per"
        + " checkpoint; read with isolation.level=read_committed): append topics of insert-only"
        + " views, or upsert topics keyed by declared columns with tombstones for deletes.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(BOOTSTRAP_SERVERS);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(TRANSACTION_TIMEOUT, DEAD_LETTERS);
  }

  @Override
  public String targetSection() {
    return "topics";
  }

  @Override
  public ConfigOption<String> targetShorthand() {
    return TOPIC;
  }

  @Override
  public Set<ConfigOption<?>> requiredTargetOptions() {
    return Set.of(TOPIC);
  }

  @Override
  public Set<ConfigOption<?>> optionalTargetOptions() {
    return Set.of(MODE, KEY, TOMBSTONE_COLUMN, TOMBSTONE_VALUES);
  }

  @Override
  public PipelineSink create(SinkDef sink, PipelineDefinition pipeline) {
    return new KafkaTopicsSink(sink, pipeline);
  }
}
