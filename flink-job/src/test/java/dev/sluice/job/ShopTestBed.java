package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.*;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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

  /** The shop pipeline file with this test's servers, names and a 1 s checkpoint interval. */
  Configuration options(boolean boundedFiles) throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put(CDC_HOST.key(), "localhost");
    o.put(CDC_PORT.key(), String.valueOf(stack.postgres().port()));
    o.put(CDC_DATABASE.key(), sourceDb);
    o.put(CDC_SLOT.key(), "slot_" + id);
    o.put(CDC_PUBLICATION.key(), "pub_" + id);
    o.put(CDC_HEARTBEAT.key(), "1 s");
    o.put(PAYMENTS_PATH.key(), landing.toUri().toString());
    o.put(PAYMENTS_DISCOVERY.key(), boundedFiles ? "0 s" : "200 ms");
    o.put(KAFKA_BOOTSTRAP.key(), stack.kafka().bootstrapServers());
    o.put(CLICKS_TOPIC.key(), clicksTopic);
    o.put(CLICKS_GROUP.key(), "group-" + id);
    o.put(CURATED_CLICKS_TOPIC.key(), curatedTopic);
    o.put(DEAD_LETTER_TOPIC.key(), deadLetterTopic);
    o.put(ENRICHED_ORDERS_TOPIC.key(), enrichedTopic);
    o.put(PAYMENT_EXCEPTIONS_TOPIC.key(), exceptionsTopic);
    o.put(WAREHOUSE_URL.key(), stack.postgres().jdbcUrl(warehouseDb));
    o.put(CHECKPOINT_INTERVAL.key(), "1 s");
    return SluiceJob.defaultPipeline(o);
  }

  /** The source tables, empty, and the landing directory: a world for inputs fed by hand. */
  void createEmptySources() throws Exception {
    try (Connection source = source()) {
      ShopGenerator.createSourceTables(source);
    }
    Files.createDirectories(landing);
  }

  /**
   * Builds the pipeline of {@code options} with its real connectors on the test MiniCluster
   * (parallelism 2), starts it and waits until it runs.
   */
  static JobClient run(Configuration options, String name) throws Exception {
    StreamExecutionEnvironment env = environment(options);
    SluiceJob.build(env, options);
    JobClient job = env.executeAsync(name);
    await(
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

  Connection source() throws SQLException {
    return stack.postgres().connect(sourceDb);
  }

  Connection warehouse() throws SQLException {
    return stack.postgres().connect(warehouseDb);
  }

  /**
   * The test MiniCluster's environment for a job of {@code options}, parallelism 2, restoring the
   * savepoint of {@code execution.savepoint.path} when the options name one.
   */
  static StreamExecutionEnvironment environment(Configuration options) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(JobEnvironment.flinkConfig(options));
    options
        .getOptional(SavepointConfigOptions.SAVEPOINT_PATH)
        .ifPresent(
            path ->
                env.configure(
                    new Configuration().set(SavepointConfigOptions.SAVEPOINT_PATH, path)));
    env.setParallelism(2);
    return env;
  }

  /**
   * Runs the shop pipeline on the test's MiniCluster with parallelism 2 (from the savepoint of
   * {@code execution.savepoint.path} when the options name one). Bounded clicks end at the topic's
   * end, which closes every window; a job to be stopped with a savepoint needs them unbounded (a
   * finished source cannot take part in stop-with-savepoint).
   */
  static JobClient start(Configuration options, String name, boolean boundedClicks)
      throws Exception {
    StreamExecutionEnvironment env = environment(options);
    SourcePreflight.run(options);
    WarehouseBootstrap.run(
        ShopConnectors.warehouse(options), "classpath:sql/shop", ShopConnectors.DEAD_LETTER_TABLE);
    ShopPipeline.compose(
        env,
        JobEnvironment.tableEnvironment(env),
        options,
        new ShopSources(
            ShopConnectors.changeEvents(options),
            ShopConnectors.payments(options),
            ShopConnectors.clicks(options, boundedClicks)),
        ShopConnectors.sinks(options));
    return env.executeAsync(name);
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
      return ShopOracle.rows(warehouse, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }

  /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(250);
    }
  }
}
