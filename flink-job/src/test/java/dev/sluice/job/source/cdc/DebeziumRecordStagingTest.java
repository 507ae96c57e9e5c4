package dev.sluice.job.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.JobEnvironment;
import dev.sluice.job.compose.PipelineComposer;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineParser;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.source.kafka.KafkaSourceFactory;
import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingHarness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** A Kafka topic of Debezium change events ({@code format: debezium-json}) staged as CDC is. */
class DebeziumRecordStagingTest {

  private static final String FILE =
      String.join(
          "\n",
          "pipeline: {name: dbz}",
          "sources:",
          "  items:",
          "    type: kafka",
          "    bootstrap-servers: localhost:9092",
          "    topic: app.public.items",
          "    format: debezium-json",
          "    view: stg_items",
          "    key: [id]",
          "    columns:",
          "      id: {type: BIGINT, required: true}",
          "      name: {type: STRING, required: true}",
          "      price: {type: 'DECIMAL(8, 2)', required: true, min: 0}",
          "      position: {type: STRING, metadata: position}",
          "sinks:",
          "  out:",
          "    type: kafka",
          "    bootstrap-servers: localhost:9092",
          "    dead-letters: dbz.dead_letters",
          "    topics: {stg_items: {topic: dbz.items, mode: upsert, key: [id]}}",
          "");

  private static PipelineDefinition pipeline() {
    return PipelineParser.parse(
        new ByteArrayInputStream(FILE.getBytes(StandardCharsets.UTF_8)),
        "dbz.yaml",
        Map.of(),
        FactoryRegistry.discover());
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
        + "\",\"ts_ms\":1700000000100}";
  }

  private static KafkaRecord record(long offset, String value) {
    return new KafkaRecord(
        "app.public.items",
        0,
        offset,
        0L,
        null,
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void changeEventsBecomeAnUpsertChangelogAndAnythingElseADeadLetterAtItsOffset() throws Exception {
    PipelineDefinition pipeline = pipeline();
    TableDef table = pipeline.source("items").tables().get(0);
    Contract contract =
        TableContracts.of(
            table,
            List.of("id"),
            Tenancy.of(pipeline),
            DebeziumTopics.ENCODING,
            new KafkaSourceFactory().metadataKeys());
    CdcRoute route = new CdcRoute("items", null, ".*", List.of("id"));
    List<ChangeEvent> events = new ArrayList<>();
    List<DeadLetter> letters = new ArrayList<>();
    try (StagingHarness<KafkaRecord, ChangeEvent> read =
        new StagingHarness<>(new DebeziumRecordStaging("dbz", "items", route))) {
      String item = "{\"id\":1,\"name\":\"lamp\",\"price\":\"12.50\"}";
      read.push(record(0, "{\"schema\":{},\"payload\":" + change("c", "null", item, 10) + "}"))
          .push(record(1, change("u", "null", item.replace("12.50", "14.00"), 11)))
          .push(record(2, change("d", item, "null", 12)))
          .push(record(3, null))
          .push(record(4, "{oops"))
          .push(record(5, "{\"id\":1}"));
      events.addAll(read.rows());
      letters.addAll(read.deadLetters());
    }
    assertThat(events)
        .extracting(e -> e.op + " " + e.key + " " + e.origin)
        .containsExactly(
            "c public.items/1 app.public.items/0/0",
            "u public.items/1 app.public.items/0/1",
            "d public.items/1 app.public.items/0/2");
    assertThat(letters)
        .extracting(d -> d.reason + " " + d.position)
        .containsExactly("MALFORMED app.public.items/0/4", "SCHEMA_MISMATCH app.public.items/0/5");

    ColumnDrift drift =
        new ColumnDrift(
            "items",
            "sources.items.schema-drift",
            SchemaDriftPolicy.EVOLVE,
            contract.sourceFields(),
            contract.sourceFields());
    try (StagingHarness<ChangeEvent, Row> stage =
        StagingHarness.keyed(
            new CdcTableStaging(
                "dbz", "items", contract, List.of("id"), drift, Duration.ofHours(1)),
            e -> e.key)) {
      for (ChangeEvent e : events) {
        stage.push(e);
      }
      assertThat(stage.rows())
          .extracting(Row::toString)
          .containsExactly(
              "+I[1, lamp, 12.50, app.public.items/0/0]",
              "+U[1, lamp, 14.00, app.public.items/0/1]",
              "-D[1, null, null, app.public.items/0/2]");
    }
  }

  @Test
  void aDebeziumTopicComposesAsAChangelogView() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineComposer.compose(
        env, JobEnvironment.tableEnvironment(env), pipeline(), FactoryRegistry.discover(), false);
    assertThat(env.getStreamGraph(false).getStreamNodes())
        .extracting(n -> n.getOperatorName())
        .contains("route: items", "staging: items");
  }
}
