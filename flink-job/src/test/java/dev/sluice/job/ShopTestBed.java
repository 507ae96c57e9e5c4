package dev.sluice.job;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.stack.LocalStack;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One test's world on the shared local stack: its own databases, slot, topics and directory. */
final class ShopTestBed {

  final LocalStack stack;
  final String id;
  final String sourceDb;
  final String warehouseDb;
  final String clicksTopic;
  final String curatedTopic;
  final String deadLetterTopic;
  final String enrichedTopic;
  final String exceptionsTopic;
  final Path landing;

  ShopTestBed(LocalStack stack, Path tempDir) {
    this.stack = stack;
    this.id = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    this.sourceDb = "shop_" + id;
    this.warehouseDb = "warehouse_" + id;
    this.clicksTopic = "clicks-" + id;
    this.curatedTopic = "clicks-per-minute-" + id;
    this.deadLetterTopic = "dead-letters-" + id;
    this.enrichedTopic = "orders-enriched-" + id;
    this.exceptionsTopic = "payment-exceptions-" + id;
    this.landing = tempDir.resolve("landing-" + id);
    stack.postgres().createDatabase(sourceDb);
    stack.postgres().createDatabase(warehouseDb);
    stack.kafka().createTopic(clicksTopic, 2);
    stack.kafka().createTopic(curatedTopic, 2);
    stack.kafka().createTopic(deadLetterTopic, 1);
    stack.kafka().createTopic(enrichedTopic, 2);
    stack.kafka().createTopic(exceptionsTopic, 2);
  }

  /** The overrides that point the shop pipeline file at this test's servers and names. */
  Map<String, String> overrides(boolean boundedFiles) {
    Map<String, String> o =
        ShopPipelineFile.overrides(
            stack, ShopPipelineFile.World.named(id, landing), Duration.ofSeconds(1));
    if (boundedFiles) {
      o.put("sources.payments.discovery-interval", "0 s");
    }
    return o;
  }

  /** The shop pipeline file with this test's servers, names and a 1 s checkpoint interval. */
  PipelineDefinition pipeline(boolean boundedFiles) {
    return pipeline(overrides(boundedFiles));
  }

  /** The shop pipeline file with {@code overrides}. */
  static PipelineDefinition pipeline(Map<String, String> overrides) {
    return PipelineFiles.load(ShopPipelineFile.CLASSPATH, overrides);
  }

  /** The source tables, empty, and the landing directory: a world for inputs fed by hand. */
  void createEmptySources() throws Exception {
    try (Connection source = source()) {
      ShopGenerator.createSourceTables(source);
    }
    Files.createDirectories(landing);
  }

  /**
   * Builds {@code pipeline} with its real connectors on the test MiniCluster (parallelism 2),
   * starts it and waits until it runs.
   */
  static JobClient run(PipelineDefinition pipeline, String name) throws Exception {
    JobClient job = start(pipeline, name, null);
    Await.until(
        "the job to run",
        Duration.ofMinutes(1),
        () -> {
          try {
            return job.getJobStatus().get() == JobStatus.RUNNING;
          } catch (Exception notYet) {
            return false;
          }
        });
    return job;
  }

  /**
   * Builds {@code pipeline} with its real connectors on the test MiniCluster (parallelism 2) and
   * submits it, restoring {@code savepoint} unless it is null. A job to be stopped with a savepoint
   * needs unbounded sources (a finished source cannot take part in stop-with-savepoint).
   */
  static JobClient start(PipelineDefinition pipeline, String name, String savepoint)
      throws Exception {
    StreamExecutionEnvironment env = environment(pipeline, savepoint);
    SluiceJob.build(env, pipeline);
    return env.executeAsync(name);
  }

  Connection source() throws SQLException {
    return stack.postgres().connect(sourceDb);
  }

  Connection warehouse() throws SQLException {
    return stack.postgres().connect(warehouseDb);
  }

  /**
   * The test MiniCluster's environment for a job of {@code pipeline}, parallelism 2, restoring
   * {@code savepoint} unless it is null.
   */
  static StreamExecutionEnvironment environment(PipelineDefinition pipeline, String savepoint) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(JobEnvironment.flinkConfig(pipeline));
    if (savepoint != null) {
      env.configure(new Configuration().set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint));
    }
    env.setParallelism(2);
    return env;
  }

  /**
   * Every dead letter as "source position reason", sorted — two letters at one position stay two;
   * order positions reduced to their key, file positions to their path.
   */
  List<String> deadLetters() {
    List<String> letters = new ArrayList<>();
    for (String row : query("SELECT source, position, reason FROM ops.dead_letters")) {
      String[] cols = row.split("\\|");
      letters.add(cols[0] + " " + ShopOracle.generatorPosition(cols[0], cols[1]) + " " + cols[2]);
    }
    letters.sort(null);
    return letters;
  }

  /** Expected letters, "source position" -> reason, in the form of {@link #deadLetters()}. */
  static List<String> letters(Map<String, String> expected) {
    List<String> letters = new ArrayList<>();
    expected.forEach((at, reason) -> letters.add(at + " " + reason));
    letters.sort(null);
    return letters;
  }

  /** Rows of a warehouse query (see {@link ShopOracle#rows}), or one row saying why it failed. */
  List<String> query(String sql) {
    try (Connection warehouse = warehouse()) {
      return Rows.of(warehouse, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }
}
