package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopExpectations;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop pipeline on a real standalone Flink cluster (JobManager and TaskManager JVMs started
 * from Maven artifacts) over the local stack: submitted through the REST API, stopped with a
 * savepoint while its sources keep changing, resumed from it, and still equal to the oracle with
 * nothing lost or doubled across the upgrade.
 */
class StandaloneClusterITCase {

  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir static Path temp;
  static LocalStack stack;
  static StandaloneCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.start(LocalStackConfig.forTests(temp.resolve("stack")));
    cluster =
        StandaloneCluster.start(
            new ClusterConfig(
                temp.resolve("cluster"),
                freePort(),
                freePort(),
                1,
                4,
                Files.readString(Path.of(System.getProperty("sluice.cluster.classpath"))).trim()
                    + ":"
                    + Path.of("target/classes").toAbsolutePath()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      List<Long> pids = new ArrayList<>(cluster.taskManagerPids());
      cluster.stop();
      assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
      assertThat(cluster.status()).as("nothing left running").isEmpty();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aStartedClusterRefusesASecondStartAndItsPort() throws Exception {
    assertThat(cluster.rest().overview().path("slots-total").asInt()).isEqualTo(4);
    assertThatThrownBy(() -> StandaloneCluster.start(cluster.config()))
        .hasMessageContaining("is already running");
    ClusterConfig other =
        new ClusterConfig(
            temp.resolve("other"),
            cluster.config().restPort,
            freePort(),
            1,
            1,
            cluster.config().classpath);
    assertThatThrownBy(() -> StandaloneCluster.start(other))
        .hasMessageContaining("Port " + cluster.config().restPort)
        .hasMessageContaining("--port");
  }

  @Test
  void thePipelineSurvivesAStopWithSavepointAndResumesExactlyOnce() throws Exception {
    String source = "shop_sp";
    String warehouse = "warehouse_sp";
    stack.postgres().createDatabase(source);
    stack.postgres().createDatabase(warehouse);
    for (String topic : List.of("clicks", "cpm", "dl", "enriched", "exceptions")) {
      stack.kafka().createTopic("sp-" + topic, 2);
    }
    Path landing = temp.resolve("landing");
    ShopGenerator generator = new ShopGenerator(11, Instant.now().minus(3, ChronoUnit.DAYS), 0.1);
    try (Connection c = stack.postgres().connect(source)) {
      ShopGenerator.createSourceTables(c);
      generator.insertCustomers(c);
      generator.insertOrders(c, 200);
    }
    for (int i = 0; i < 4; i++) {
      generator.writePaymentsFile(landing, 20);
    }
    produceClicks("sp", generator, 100);
    Path pipeline = pipelineFile("sp", source, warehouse, landing);

    String jarId = cluster.rest().uploadJar(Path.of(System.getProperty("sluice.job.jar")));
    List<String> args = List.of("--pipeline", pipeline.toString());
    String first = cluster.rest().runJar(jarId, null, args, null);
    until(
        "the first run to fill the mart", () -> count(warehouse, "marts.tenant_daily_revenue") > 0);

    String savepoint = cluster.rest().stopWithSavepoint(first, null, Duration.ofMinutes(2));
    assertThat(cluster.rest().jobState(first)).isEqualTo("FINISHED");
    assertThat(savepoint).startsWith("file:");

    // The sources move on while the job is down.
    try (Connection c = stack.postgres().connect(source)) {
      generator.mutateOrders(c, 60);
      generator.insertOrders(c, 40);
    }
    generator.writePaymentsFile(landing, 20);
    generator.writePaymentsFile(landing, 20);
    produceClicks("sp", generator, 50);

    String second = cluster.rest().runJar(jarId, null, args, savepoint);
    until("the resumed job to run", () -> state(second).equals("RUNNING"));
    assertExactlyOnce("sp", source, warehouse, generator, 6);
    cluster.rest().stopWithSavepoint(second, null, Duration.ofMinutes(2));
  }

  @Test
  void aTaskManagerKilledMidRunIsReplacedAndOutputStaysExactlyOnce() throws Exception {
    String source = "shop_tm";
    String warehouse = "warehouse_tm";
    stack.postgres().createDatabase(source);
    stack.postgres().createDatabase(warehouse);
    for (String topic : List.of("clicks", "cpm", "dl", "enriched", "exceptions")) {
      stack.kafka().createTopic("tm-" + topic, 2);
    }
    Path landing = temp.resolve("landing-tm");
    ShopGenerator generator = new ShopGenerator(23, Instant.now().minus(3, ChronoUnit.DAYS), 0.1);
    try (Connection c = stack.postgres().connect(source)) {
      ShopGenerator.createSourceTables(c);
      generator.insertCustomers(c);
      generator.insertOrders(c, 200);
    }
    generator.writePaymentsFile(landing, 20);
    generator.writePaymentsFile(landing, 20);
    produceClicks("tm", generator, 100);
    String jarId = cluster.rest().uploadJar(Path.of(System.getProperty("sluice.job.jar")));
    String job =
        cluster
            .rest()
            .runJar(
                jarId,
                null,
                List.of("--pipeline", pipelineFile("tm", source, warehouse, landing).toString()),
                null);
    until("the mart to fill", () -> count(warehouse, "marts.tenant_daily_revenue") > 0);

    // Changes keep coming; the only TaskManager dies hard (kill -9) in the middle of them.
    try (Connection c = stack.postgres().connect(source)) {
      generator.mutateOrders(c, 40);
    }
    List<Long> killed = cluster.taskManagerPids();
    long killedAt = System.nanoTime();
    killed.forEach(cluster::killTaskManager);
    try (Connection c = stack.postgres().connect(source)) {
      generator.insertOrders(c, 40);
    }
    generator.writePaymentsFile(landing, 20);
    produceClicks("tm", generator, 50);
    cluster.addTaskManager();
    assertThat(cluster.taskManagerPids()).doesNotContainAnyElementsOf(killed).hasSize(1);

    assertExactlyOnce("tm", source, warehouse, generator, 3);
    System.out.printf(
        "TaskManager kill -9 -> marts equal to the oracle again: %d ms%n",
        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
    cluster.rest().cancel(job);
  }

  @Test
  void theSqlClientQueriesMartsAndTopicsAndSubmitsJobsToTheCluster() throws Exception {
    String warehouse = "warehouse_sql";
    stack.postgres().createDatabase(warehouse);
    try (Connection c = stack.postgres().connect(warehouse);
        Statement st = c.createStatement()) {
      List<String> ddl =
          new ArrayList<>(
              dev.sluice.job.definition.SqlScript.load(
                      "classpath:sql/shop", "warehouse/00_tables.sql")
                  .statements());
      ddl.addAll(
          dev.sluice.job.sink.postgres.OpsTables.ddl(
              "ops.dead_letters", "ops.pipeline_progress", "ops.batch_ledger"));
      for (String statement : ddl) {
        st.execute(statement);
      }
      st.execute(
          "INSERT INTO marts.tenant_daily_revenue VALUES"
              + " ('acme', '2026-11-20', 'EUR', 3, 30.00, 1, 10.00)");
    }
    stack.kafka().createTopic("sq.clicks_per_minute", 1);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            stack.kafka().clientProperties(),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  "sq.clicks_per_minute",
                  ("{\"tenant_id\":\"globex\",\"event_type\":\"view\","
                          + "\"window_start\":\"2026-11-20T10:00:00\","
                          + "\"window_end\":\"2026-11-20T10:01:00\",\"events\":17,\"customers\":4}")
                      .getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    Path script = temp.resolve("script.sql");
    Files.writeString(
        script,
        String.join(
            "\n",
            "SET 'execution.runtime-mode' = 'batch';",
            "SELECT tenant_id, revenue_date, order_count FROM tenant_daily_revenue;",
            "SELECT tenant_id, events FROM kafka_clicks_per_minute"
                + " /*+ OPTIONS('scan.bounded.mode'='latest-offset') */;",
            "SET 'execution.runtime-mode' = 'streaming';",
            "CREATE TEMPORARY TABLE quiet (tenant_id STRING, events BIGINT)"
                + " WITH ('connector' = 'blackhole');",
            "INSERT INTO quiet SELECT tenant_id, events FROM kafka_clicks_per_minute;",
            ""));
    System.setProperty("sluice.root", Path.of("..").toAbsolutePath().normalize().toString());
    int exit =
        SqlClientMain.run(
            List.of(
                "-f",
                script.toString(),
                "--work-dir",
                cluster.config().workDir.toString(),
                "--kafka",
                stack.kafka().bootstrapServers(),
                "--warehouse-url",
                stack.postgres().jdbcUrl(warehouse),
                "--topic-prefix",
                "sq"),
            false);
    String out = Files.readString(cluster.config().workDir.resolve("log/sql-client.out"));
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("acme").contains("2026-11-20").contains("globex").contains("17");
    String insert = null;
    for (var job : cluster.rest().jobs()) {
      if (job.path("name").asText().contains("quiet")
          && job.path("state").asText().equals("RUNNING")) {
        insert = job.path("jid").asText();
      }
    }
    assertThat(insert).as("the INSERT runs as a job on the cluster").isNotNull();
    cluster.rest().cancel(insert);
  }

  /**
   * Every mart equals the oracle (a closing click per partition first ends every click session),
   * every dead letter is there once (LATE ones too: lateness is decided by each partition's own
   * order, kept in checkpoints), the dead-letter topic holds no record twice under read_committed,
   * and each delivery was loaded once.
   */
  private static void assertExactlyOnce(
      String prefix, String source, String warehouse, ShopGenerator generator, int deliveries)
      throws Exception {
    Set<String> open = closeSessions(prefix, generator);
    ShopExpectations expected = generator.expected();
    try (Connection c = stack.postgres().connect(source)) {
      ShopOracle.load(c, expected);
    }
    for (ShopOracle.Mart mart : ShopOracle.MARTS) {
      // The closing clicks' sessions stay open.
      Predicate<String> compared =
          r ->
              !mart.table().equals("marts.customer_360")
                  || !open.contains(ShopOracle.customerOf(r));
      List<String> oracle = query(source, mart.oracle()).stream().filter(compared).toList();
      Supplier<List<String>> actual =
          () -> query(warehouse, mart.read()).stream().filter(compared).toList();
      try {
        until(mart.table() + " to equal the oracle", () -> oracle.equals(actual.get()));
      } catch (AssertionError timedOut) {
        assertThat(actual.get()).as(mart.table()).containsExactlyElementsOf(oracle);
      }
    }
    List<String> expectedDead = new ArrayList<>();
    expected.badRecords.forEach(
        (src, bad) -> bad.forEach((position, reason) -> expectedDead.add(position + "|" + reason)));
    expectedDead.sort(null);
    try {
      until("every dead letter once", () -> expectedDead.equals(deadLetters(warehouse)));
    } catch (AssertionError timedOut) {
      assertThat(deadLetters(warehouse)).containsExactlyElementsOf(expectedDead);
    }
    // ops.dead_letters is idempotent by (source, position, reason); the topic is not, so a letter
    // written twice across the upgrade would show there as one record too many.
    int letters = count(warehouse, "ops.dead_letters");
    until(
        "the dead-letter topic to hold every letter once",
        () -> deadLetterTopic(prefix).size() >= letters);
    assertThat(deadLetterTopic(prefix)).hasSize(letters).doesNotHaveDuplicates();
    assertThat(count(warehouse, "ops.batch_ledger"))
        .as("each delivery loaded once")
        .isEqualTo(deliveries);
  }

  /**
   * Sends one good click per partition at the current time, a day or more after the generated ones:
   * event time passes every session before it. Returns their customers ({@code tenant|customer}).
   */
  private static Set<String> closeSessions(String prefix, ShopGenerator generator) {
    Set<String> customers = new HashSet<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            stack.kafka().clientProperties(),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int p = 0; p < 2; p++) {
        ShopExpectations.Click click =
            generator.produceGoodClick(producer, prefix + "-clicks", p, now);
        customers.add(click.tenantId + "|" + click.customerId);
      }
    }
    return customers;
  }

  private static Path pipelineFile(String prefix, String source, String warehouse, Path landing)
      throws Exception {
    String yaml =
        String.join(
            "\n",
            "extends: " + ShopPipelineFile.CLASSPATH,
            "sources:",
            "  shop-db:",
            "    port: " + stack.postgres().port(),
            "    database: " + source,
            "    slot-name: sluice_" + prefix,
            "    heartbeat-interval: 1 s",
            "  payments:",
            "    path: " + landing.toUri(),
            "    discovery-interval: 200 ms",
            "  clicks:",
            "    bootstrap-servers: " + stack.kafka().bootstrapServers(),
            "    topic: " + prefix + "-clicks",
            "    group-id: " + prefix,
            "sinks:",
            "  warehouse:",
            "    url: " + stack.postgres().jdbcUrl(warehouse),
            "  events:",
            "    bootstrap-servers: " + stack.kafka().bootstrapServers(),
            "    dead-letters: " + prefix + "-dl",
            "    topics:",
            "      mart_clicks_per_minute: {topic: " + prefix + "-cpm}",
            "      cur_orders_enriched: {topic: " + prefix + "-enriched}",
            "      cur_payment_reconciliation: {topic: " + prefix + "-exceptions}",
            "checkpoint:",
            "  interval: 1 s",
            "");
    Path file = temp.resolve(prefix + "-pipeline.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static void produceClicks(String prefix, ShopGenerator generator, int perPartition) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            stack.kafka().clientProperties(),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      generator.produceClicks(producer, prefix + "-clicks", 0, perPartition, 1);
      generator.produceClicks(producer, prefix + "-clicks", 1, perPartition, 1);
    }
  }

  /** Dead letters as position|reason, positions reduced as the generator names them. */
  private static List<String> deadLetters(String warehouse) {
    List<String> letters = new ArrayList<>();
    for (String row : query(warehouse, "SELECT source, position, reason FROM ops.dead_letters")) {
      String[] cols = row.split("\\|");
      if (cols.length < 3) {
        letters.add(row);
        continue;
      }
      letters.add(ShopOracle.generatorPosition(cols[0], cols[1]) + "|" + cols[2]);
    }
    letters.sort(null);
    return letters;
  }

  /** Every record of the dead-letter topic visible under read_committed. */
  private static List<String> deadLetterTopic(String prefix) {
    Properties p = stack.kafka().clientProperties();
    p.setProperty("isolation.level", "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition(prefix + "-dl", 0), new TopicPartition(prefix + "-dl", 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
      }
    }
    return values;
  }

  private static int count(String warehouse, String table) {
    List<String> rows = query(warehouse, "SELECT count(*) FROM " + table);
    return rows.get(0).matches("\\d+") ? Integer.parseInt(rows.get(0)) : -1;
  }

  /** The rows of {@code sql} in {@code database}, or one row naming the error. */
  private static List<String> query(String database, String sql) {
    try (Connection c = stack.postgres().connect(database)) {
      return Rows.of(c, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }

  private static String state(String job) {
    try {
      return cluster.rest().jobState(job);
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void until(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, DEADLINE, condition);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
