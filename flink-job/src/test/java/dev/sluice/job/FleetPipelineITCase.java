package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.stack.fleet.FleetExpectations;
import dev.sluice.stack.fleet.FleetGenerator;
import dev.sluice.stack.fleet.FleetPipelineFile;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The fleet example (sql/fleet/) end to end, a domain unlike the shop's and written as data only:
 * CDC of the van register, Kafka telemetry with event time, dedupe and a warning expectation,
 * JSON-lines fuel deliveries under day/depot partitions with a dead-letter expectation — every
 * mart, every dead letter and the books checked against its generator's oracle.
 */
class FleetPipelineITCase extends StackITCaseBase {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @Test
  void theFleetPipelineMatchesItsOracleAndAccountsForEveryRecord() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    Path landing = temp.resolve("fleet-landing-" + id);
    stack.postgres().createDatabase(FleetPipelineFile.sourceDb(id));
    stack.postgres().createDatabase(FleetPipelineFile.warehouseDb(id));
    stack.kafka().createTopic(FleetPipelineFile.telemetryTopic(id), 2);
    for (String topic : List.of("fleet-hourly-", "fleet-vehicles-", "fleet-dead-letters-")) {
      stack.kafka().createTopic(topic + id, 2);
    }
    FleetGenerator generator = new FleetGenerator(11, Instant.now().minus(4, ChronoUnit.HOURS));
    try (Connection source = source(id)) {
      FleetGenerator.createSourceTables(source);
      generator.insertVehicles(source);
    }
    generator.writeFuelDeliveries(landing);
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers())) {
      generator.produceTelemetry(producer, FleetPipelineFile.telemetryTopic(id));
    }
    Map<String, String> overrides =
        FleetPipelineFile.overrides(stack, id, landing, Duration.ofSeconds(1));
    // The end of the telemetry closes every hour's window.
    overrides.put("sources.telemetry.bounded", "true");
    PipelineDefinition pipeline = PipelineFiles.load(FleetPipelineFile.CLASSPATH, overrides);

    JobClient job = ShopTestBed.start(pipeline, "fleet-" + id, null);
    try {
      FleetExpectations expected = generator.expected();
      until(
          "the register's snapshot",
          DEADLINE,
          () -> query(id, "SELECT 1 FROM fleet.vehicles").size() == expected.vehicles().size());
      try (Connection source = source(id)) {
        generator.updateVehicles(source);
      }
      awaitEqual("fleet.vehicles", expected.vehicles(), () -> query(id, "TABLE fleet.vehicles"));
      awaitEqual(
          "fleet.vehicle_hourly", expected.hourly(), () -> query(id, "TABLE fleet.vehicle_hourly"));
      awaitEqual("the dead letters", expected.deadLetters(), () -> deadLetters(id));
      awaitEqual(
          "fleet.fuel_daily", expected.fuelDaily(), () -> query(id, "TABLE fleet.fuel_daily"));
      assertThat(query(id, "SELECT status FROM fleet_ops.batch_ledger"))
          .as("each fuel delivery loaded once")
          .hasSize(expected.deliveries)
          .containsOnly("LOADED");
      until(
          "progress of the register",
          DEADLINE,
          () ->
              query(id, "SELECT table_name, tenant_id FROM fleet_ops.pipeline_progress")
                  .containsAll(List.of("fuel|*", "telemetry|*", "vehicles|*")));
      assertThat(counters(job.getJobID(), "expectation_warnings"))
          .as("readings over the warned speed, kept and counted")
          .containsEntry("telemetry-expectations", (long) expected.speedWarnings);
      assertThat(
              KafkaTopics.readAll(
                  stack.kafka().bootstrapServers(), "fleet-hourly-" + id, "read_committed"))
          .as("every hour of every van once on the append topic")
          .hasSize(expected.hourly().size());
    } finally {
      job.cancel().get();
    }
  }

  /** Every dead letter as "stage position reason"; CDC positions reduced to their key. */
  private static List<String> deadLetters(String id) {
    List<String> letters = new ArrayList<>();
    for (String row : query(id, "SELECT source, position, reason FROM fleet_ops.dead_letters")) {
      String[] cols = row.split("\\|");
      String position =
          cols[1].startsWith("lsn=")
              ? cols[1].replaceAll(".* key=(\\S+) .*", "$1")
              : cols[1].replaceFirst("^file:/*", "/");
      letters.add(cols[0] + " " + position + " " + cols[2]);
    }
    letters.sort(null);
    return letters;
  }

  private static Connection source(String id) throws SQLException {
    return stack.postgres().connect(FleetPipelineFile.sourceDb(id));
  }

  private static List<String> query(String id, String sql) {
    try (Connection warehouse = stack.postgres().connect(FleetPipelineFile.warehouseDb(id))) {
      return Rows.of(warehouse, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }

  private static void awaitEqual(String what, List<String> expected, Supplier<List<String>> actual)
      throws InterruptedException {
    assertThat(expected).as("expected rows of " + what).isNotEmpty();
    Await.equal(what, DEADLINE, expected, actual);
  }
}
