package dev.sluice.job.source.kafka;

import dev.sluice.job.JobEnvironment;
import dev.sluice.job.SluiceJob;
import dev.sluice.job.StackITCaseBase;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineParser;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A team that already runs Debezium points Sluice at its topic: Debezium's JSON change events on a
 * real Kafka broker, staged as a changelog and served exactly once into a real Postgres table.
 */
class DebeziumTopicITCase extends StackITCaseBase {

  @Test
  void debeziumChangeEventsOnATopicLandAsTheTableStandsAndGarbageIsALetter() throws Exception {
    String topic = "dbz-items";
    stack.kafka().createTopic(topic, 1);
    stack.postgres().createDatabase("dbz_warehouse");
    Path sql = Files.createDirectories(temp.resolve("dbz"));
    Files.writeString(
        sql.resolve("10_marts.sql"), "CREATE TEMPORARY VIEW items AS SELECT * FROM stg_items;\n");
    Files.writeString(
        sql.resolve("warehouse.sql"),
        "CREATE SCHEMA IF NOT EXISTS app;\n"
            + "CREATE TABLE IF NOT EXISTS app.items (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
            + " price NUMERIC(8, 2) NOT NULL);\n");
    String item = "{\"id\":%d,\"name\":\"%s\",\"price\":\"%s\"}";
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            stack.kafka().clientProperties(),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (String value :
          new String[] {
            "{\"schema\":{},\"payload\":"
                + change("c", "null", item.formatted(1, "lamp", "12.50"), 10)
                + "}",
            change("c", "null", item.formatted(2, "desk", "99.00"), 11),
            change("u", "null", item.formatted(1, "lamp", "14.00"), 12),
            change("d", item.formatted(2, "desk", "99.00"), "null", 13),
            null,
            "{oops",
            change("c", "null", item.formatted(3, "chair", "-1.00"), 14)
          }) {
        producer.send(
            new ProducerRecord<>(
                topic, 0, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
      }
    }
    String yaml =
        String.join(
            "\n",
            "pipeline: {name: dbz, sql-files: [10_marts.sql]}",
            "sources:",
            "  items:",
            "    type: kafka",
            "    bootstrap-servers: " + stack.kafka().bootstrapServers(),
            "    topic: " + topic,
            "    format: debezium-json",
            "    bounded: true",
            "    view: stg_items",
            "    key: [id]",
            "    columns:",
            "      id: {type: BIGINT, required: true}",
            "      name: {type: STRING, required: true}",
            "      price: {type: 'DECIMAL(8, 2)', required: true, min: 0}",
            "sinks:",
            "  warehouse:",
            "    type: postgres",
            "    url: " + stack.postgres().jdbcUrl("dbz_warehouse"),
            "    ddl: [warehouse.sql]",
            "    dead-letters: ops.dead_letters",
            "    tables: {items: app.items}",
            "checkpoint: {interval: 1 s}",
            "");
    Path file = sql.resolve("pipeline.yaml");
    Files.writeString(file, yaml);
    PipelineDefinition pipeline =
        PipelineParser.load(file.toString(), Map.of(), FactoryRegistry.discover());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(JobEnvironment.flinkConfig(pipeline));
    env.setParallelism(2);
    SluiceJob.build(env, pipeline);
    JobClient job = env.executeAsync("dbz");
    try {
      Await.equal(
          "app.items",
          Duration.ofMinutes(2),
          List.of("1|lamp|14.00"),
          () -> query("SELECT id, name, price FROM app.items"));
      Await.equal(
          "the dead letters",
          Duration.ofMinutes(1),
          List.of(
              "items|dbz-items/0/5|MALFORMED",
              "items|dbz-items/0/6 lsn=14 table=public.items key=3 op=c|INVALID_VALUE"),
          () -> query("SELECT source, position, reason FROM ops.dead_letters"));
    } finally {
      // The topic is read to its end (bounded), so the job may have finished already.
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get();
      }
    }
  }

  private static String change(String op, String before, String after, long lsn) {
    return "{\"before\":"
        + before
        + ",\"after\":"
        + after
        + ",\"source\":{\"schema\":\"public\",\"table\":\"items\",\"lsn\":"
        + lsn
        + ",\"ts_ms\":1700000000000},\"op\":\""
        + op
        + "\"}";
  }

  private static List<String> query(String sql) {
    try (Connection c = stack.postgres().connect("dbz_warehouse")) {
      return Rows.of(c, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }
}
