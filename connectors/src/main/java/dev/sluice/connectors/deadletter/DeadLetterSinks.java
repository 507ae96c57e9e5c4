package dev.sluice.connectors.deadletter;

import dev.sluice.connectors.postgres.PostgresConnectionProvider;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import java.sql.Timestamp;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The two homes of dead letters: a Kafka topic (exactly once) and a Postgres table (idempotent).
 */
public final class DeadLetterSinks {

  /** DDL of the dead-letter table; {@code (source, position, reason)} makes replays no-ops. */
  public static final String TABLE_DDL =
      "CREATE TABLE IF NOT EXISTS %s ("
          + " source TEXT NOT NULL, position TEXT NOT NULL, reason TEXT NOT NULL,"
          + " pipeline TEXT NOT NULL, stage TEXT NOT NULL, detail TEXT, payload TEXT,"
          + " payload_bytes BIGINT, seen_at TIMESTAMPTZ NOT NULL, job_id TEXT,"
          + " PRIMARY KEY (source, position, reason))";

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

  /** An idempotent Postgres sink: a replayed dead letter hits the primary key and is skipped. */
  public static JdbcSink<DeadLetter> postgres(PostgresEndpoint endpoint, String table) {
    String sql =
        "INSERT INTO "
            + table
            + " (source, position, reason, pipeline, stage, detail, payload, payload_bytes,"
            + " seen_at, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    return JdbcSink.<DeadLetter>builder()
        .withQueryStatement(
            sql,
            (st, d) -> {
              st.setString(1, d.source);
              st.setString(2, d.position);
              st.setString(3, d.reason.name());
              st.setString(4, d.pipeline);
              st.setString(5, d.stage);
              st.setString(6, d.detail);
              // Postgres text cannot hold NUL; the raw bytes stay reachable through the position.
              st.setString(7, d.payload == null ? null : d.payload.replace('\0', '\uFFFD'));
              st.setLong(8, d.payloadBytes);
              st.setTimestamp(9, new Timestamp(d.seenAtMillis));
              st.setString(10, d.jobId);
            })
        .withExecutionOptions(
            JdbcExecutionOptions.builder()
                .withBatchSize(500)
                .withBatchIntervalMs(1000)
                .withMaxRetries(3)
                .build())
        .buildAtLeastOnce(new PostgresConnectionProvider(endpoint));
  }
}
