package dev.sluice.chaos;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The shop's world on the local stack for one chaos run: a source database seeded with customers
 * and orders, an empty warehouse, the Kafka topics, a landing directory for payment deliveries, the
 * seeded generator that records what the outputs must hold, and the pipeline file naming it all.
 */
final class ChaosWorld {

  static final String SOURCE = "shop";
  static final String WAREHOUSE = "warehouse";
  static final String SLOT = "sluice_chaos";
  static final String PREFIX = "chaos";
  static final int PARTITIONS = 2;

  final LocalStack stack;
  final ShopGenerator generator;
  final Path landing;
  final Path pipeline;

  private ChaosWorld(LocalStack stack, ShopGenerator generator, Path landing, Path pipeline) {
    this.stack = stack;
    this.generator = generator;
    this.landing = landing;
    this.pipeline = pipeline;
  }

  /** Creates the databases, topics, seed data and the pipeline file under {@code dir}. */
  static ChaosWorld create(LocalStack stack, Path dir, long seed) throws IOException, SQLException {
    stack.postgres().createDatabase(SOURCE);
    stack.postgres().createDatabase(WAREHOUSE);
    for (String topic : List.of("clicks", "cpm", "dl", "enriched", "exceptions")) {
      stack.kafka().createTopic(topic(topic), PARTITIONS);
    }
    ShopGenerator generator =
        new ShopGenerator(seed, Instant.now().minus(2, ChronoUnit.DAYS), 0.05);
    try (Connection c = stack.postgres().connect(SOURCE)) {
      ShopGenerator.createSourceTables(c);
      generator.insertCustomers(c);
      generator.insertOrders(c, 200);
    }
    Path landing = dir.resolve("landing");
    generator.writePaymentsFile(landing, 20);
    Path pipeline = dir.resolve("chaos-pipeline.yaml");
    Files.createDirectories(dir);
    Files.writeString(pipeline, pipelineYaml(stack, landing));
    return new ChaosWorld(stack, generator, landing, pipeline);
  }

  static String topic(String name) {
    return PREFIX + "-" + name;
  }

  Connection source() throws SQLException {
    return stack.postgres().connect(SOURCE);
  }

  Connection warehouse() throws SQLException {
    return stack.postgres().connect(WAREHOUSE);
  }

  /** Checkpoints every 2 s, so that a random kill often lands during one. */
  private static String pipelineYaml(LocalStack stack, Path landing) {
    return String.join(
        "\n",
        "# Written by bin/sluice chaos for one run: the shop pipeline on this run's servers.",
        "extends: " + ShopPipelineFile.CLASSPATH,
        "pipeline:",
        "  name: shop-chaos",
        "sources:",
        "  shop-db:",
        "    port: " + stack.postgres().port(),
        "    database: " + SOURCE,
        "    slot-name: " + SLOT,
        "    heartbeat-interval: 1 s",
        "  payments:",
        "    path: " + landing.toUri(),
        "    discovery-interval: 500 ms",
        "  clicks:",
        "    bootstrap-servers: " + stack.kafka().bootstrapServers(),
        "    topic: " + topic("clicks"),
        "    group-id: " + PREFIX,
        "sinks:",
        "  warehouse:",
        "    url: " + stack.postgres().jdbcUrl(WAREHOUSE),
        "  events:",
        "    bootstrap-servers: " + stack.kafka().bootstrapServers(),
        "    dead-letters: " + topic("dl"),
        "    topics:",
        "      mart_clicks_per_minute: {topic: " + topic("cpm") + "}",
        "      cur_orders_enriched: {topic: " + topic("enriched") + "}",
        "      cur_payment_reconciliation: {topic: " + topic("exceptions") + "}",
        "checkpoint:",
        "  interval: 2 s",
        "# The run kills TaskManagers every ~25 s on purpose: no restart limit.",
        "restarts:",
        "  max-attempts: 0",
        "");
  }
}
