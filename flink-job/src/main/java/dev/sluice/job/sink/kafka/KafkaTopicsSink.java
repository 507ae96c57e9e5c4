package dev.sluice.job.sink.kafka;

import static dev.sluice.job.sink.kafka.KafkaSinkOptions.*;

import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.kafka.JsonRowSerializer;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineOptions;
import dev.sluice.job.definition.SinkDef;
import dev.sluice.job.definition.TargetDef;
import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.ServeContext;
import dev.sluice.job.sink.kafka.KafkaSinkOptions.Mode;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** A {@code kafka} sink: one transactional writer per topic, and one for dead letters. */
final class KafkaTopicsSink implements PipelineSink {

  private final SinkDef def;
  private final PipelineDefinition pipeline;

  KafkaTopicsSink(SinkDef def, PipelineDefinition pipeline) {
    this.def = def;
    this.pipeline = pipeline;
  }

  @Override
  public void serve(ServeContext serve) {
    DefOptions o = def.options();
    String prefix = pipeline.name() + "-" + def.name();
    if (serve.preflight()) {
      KafkaPreflight.check(
          o.scope() + "." + TRANSACTION_TIMEOUT.key(),
          o.get(BOOTSTRAP_SERVERS),
          o.get(TRANSACTION_TIMEOUT),
          pipeline.options().get(PipelineOptions.CHECKPOINT_INTERVAL));
    }
    Properties producer = new Properties();
    producer.setProperty("bootstrap.servers", o.get(BOOTSTRAP_SERVERS));
    producer.setProperty(
        "transaction.timeout.ms", String.valueOf(o.get(TRANSACTION_TIMEOUT).toMillis()));
    for (TargetDef target : def.targets()) {
      DefOptions t = target.options();
      String id = prefix + "-" + target.view();
      rows(serve, target)
          .sinkTo(
              KafkaSink.<Row>builder()
                  .setKafkaProducerConfig(producer)
                  .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                  .setTransactionalIdPrefix(id)
                  .setRecordSerializer(
                      new JsonRowSerializer(
                          t.get(TOPIC),
                          t.get(KEY),
                          t.getOptional(TOMBSTONE_COLUMN).orElse(null),
                          Set.copyOf(t.get(TOMBSTONE_VALUES))))
                  .build())
          .uid(id + "-serve")
          .name("serve: kafka " + t.get(TOPIC));
    }
    o.getOptional(DEAD_LETTERS)
        .ifPresent(
            topic ->
                serve
                    .deadLetters()
                    .sinkTo(DeadLetterSinks.kafka(producer, topic, prefix + "-dead-letters"))
                    .uid(prefix + "-serve-dead-letters")
                    .name("serve: kafka " + topic));
  }

  /** The view's rows as the topic's mode takes them. */
  private DataStream<Row> rows(ServeContext serve, TargetDef target) {
    DefOptions t = target.options();
    String id = pipeline.name() + "-" + def.name() + "-" + target.view();
    if (t.get(MODE) == Mode.APPEND) {
      if (t.contains(TOMBSTONE_COLUMN)) {
        throw t.error(TOMBSTONE_COLUMN, "tombstones need mode: upsert", "mode: upsert");
      }
      try {
        return serve.tableEnv().toDataStream(serve.view(target));
      } catch (RuntimeException updating) {
        throw t.error(
            MODE,
            "view " + target.view() + " is an updating changelog, which append cannot write",
            "mode: upsert with key: [...], or an insert-only view");
      }
    }
    List<String> key = t.get(KEY);
    if (key.isEmpty()) {
      throw t.error(KEY, "an upsert topic needs the columns of its key", "key: [id]");
    }
    Set<String> tombstones = new HashSet<>(t.get(TOMBSTONE_VALUES));
    String column = t.getOptional(TOMBSTONE_COLUMN).orElse(null);
    // UPDATE_BEFORE rows carry nothing an upsert reader needs; a key first seen as a tombstone
    // value was never on the topic and needs no tombstone.
    return serve
        .changelog(target)
        .filter(
            row ->
                row.getKind() != RowKind.UPDATE_BEFORE
                    && (column == null
                        || row.getKind() != RowKind.INSERT
                        || !tombstones.contains(String.valueOf(row.getField(column)))))
        .uid(id + "-upserts")
        .name("upserts: " + target.view());
  }
}
