package dev.sluice.connectors.deadletter;

import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where dead letters go: a Kafka topic (exactly once); the Postgres table's DDL (the job writes it
 * with the marts, through the exactly-once Postgres sink).
 */
public final class DeadLetterSinks {

  /** DDL of the dead-letter table; {@code (source, position, reason)} makes replays no-ops. */
  public static final String TABLE_DDL =
      "CREATE TABLE IF NOT EXISTS %s ("
          + " source TEXT NOT NULL, position TEXT NOT NULL, reason TEXT NOT NULL,"
          + " pipeline TEXT NOT NULL, stage TEXT NOT NULL, detail TEXT, payload TEXT,"
          + " payload_bytes BIGINT, seen_at TIMESTAMPTZ NOT NULL, job_id TEXT,"
          + " PRIMARY KEY (source, position, reason))";

  /** The columns of {@link #TABLE_DDL}, in its order. */
  public static final List<String> COLUMNS =
      List.of(
          "source",
          "position",
          "reason",
          "pipeline",
          "stage",
          "detail",
          "payload",
          "payload_bytes",
          "seen_at",
          "job_id");

  private DeadLetterSinks() {}

  /** An exactly-once Kafka sink writing dead letters as JSON to {@code topic}. */
  public static KafkaSink<DeadLetter> kafka(
      Properties producerProperties, String topic, String transactionalIdPrefix) {
    return KafkaSink.<DeadLetter>builder()
        .setKafkaProducerConfig(producerProperties)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setRecordSerializer(
            (d, context, timestamp) ->
                new ProducerRecord<>(
                    topic, null, d.seenAtMillis, DeadLetterJson.key(d), DeadLetterJson.toJson(d)))
        .build();
  }
}
