package dev.sluice.job;

import static dev.sluice.job.ShopTestBed.await;
import static dev.sluice.job.ShopTestBed.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.stack.shop.ShopExpectations;
import dev.sluice.stack.shop.ShopGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The shop slice end to end on a real Postgres, a real Kafka broker and a Flink MiniCluster with
 * parallelism 2: seeded inputs with bad rows of every kind, checked against an oracle in SQL.
 */
class ShopPipelineITCase extends StackITCaseBase {

  @Test
  void sliceMatchesOracleExactlyOnceAndAccountsForEveryRecord() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    ShopGenerator generator = new ShopGenerator(42, Instant.now().minus(3, ChronoUnit.DAYS), 0.1);
    try (Connection source = bed.source()) {
      ShopGenerator.createSourceTables(source);
      generator.insertOrders(source, 300);
    }
    for (int i = 0; i < 6; i++) {
      generator.writePaymentsFile(bed.landing, 25);
    }
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers())) {
      generator.produceClicks(producer, bed.clicksTopic, 0, 200, 3);
      generator.produceClicks(producer, bed.clicksTopic, 1, 200, 3);
    }

    Configuration options = bed.options(true);
    JobClient job = start(options, bed.id);
    try {
      await("the snapshot to reach the mart", Duration.ofMinutes(2), () -> martRows(bed) > 0);
      try (Connection source = bed.source()) {
        generator.mutateOrders(source, 80);
        generator.insertOrders(source, 60);
      }
      ShopExpectations expected = generator.expected();
      for (String source : List.of("orders", "payments", "clicks")) {
        assertThat(expected.bad(source)).as("bad " + source + " generated").isNotEmpty();
      }
      bed.loadOraclePayments(expected);
      bed.loadOracleClicks(expected);

      List<String> oracle;
      try (Connection source = bed.source()) {
        oracle = rows(source, ShopTestBed.REVENUE_ORACLE);
      }
      assertThat(oracle).as("oracle rows").hasSizeGreaterThan(20);
      await(
          "the revenue mart to equal the oracle",
          Duration.ofMinutes(2),
          () -> oracle.equals(query(bed, ShopTestBed.REVENUE_MART)));

      int expectedDead = expected.badRecords.values().stream().mapToInt(Map::size).sum();
      await(
          expectedDead + " dead letters in ops.dead_letters",
          Duration.ofMinutes(1),
          () -> query(bed, "SELECT 1 FROM ops.dead_letters").size() >= expectedDead);
      assertDeadLettersMatch(bed, expected);

      List<String> windows;
      try (Connection source = bed.source()) {
        windows = rows(source, ShopTestBed.CLICKS_ORACLE);
      }
      await(
          windows.size() + " committed records in " + bed.curatedTopic,
          Duration.ofMinutes(1),
          () -> committed(bed.curatedTopic).size() >= windows.size());
      assertThat(curatedWindows(bed)).as("each window exactly once").isEqualTo(windows);

      List<String> deadLetterTopic = committed(bed.deadLetterTopic);
      assertThat(deadLetterTopic).hasSize(expectedDead).doesNotHaveDuplicates();

      assertAccounting(job.getJobID(), expected);
    } finally {
      job.cancel().get();
    }
  }

  private static JobClient start(Configuration options, String id) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(JobEnvironment.flinkConfig(options));
    env.setParallelism(2);
    WarehouseBootstrap.run(
        ShopConnectors.warehouse(options), "classpath:sql/shop", ShopConnectors.DEAD_LETTER_TABLE);
    ShopPipeline.compose(
        env,
        JobEnvironment.tableEnvironment(env),
        options,
        new ShopSources(
            ShopConnectors.ordersCdc(options),
            ShopConnectors.payments(options),
            ShopConnectors.clicks(options, true)),
        ShopConnectors.sinks(options));
    return env.executeAsync("shop-slice-" + id);
  }

  private void assertDeadLettersMatch(ShopTestBed bed, ShopExpectations expected)
      throws SQLException {
    Map<String, Map<String, String>> actual = new HashMap<>();
    Pattern orderKey = Pattern.compile("key=(\\S+)");
    for (String row : query(bed, "SELECT source, position, reason FROM ops.dead_letters")) {
      String[] cols = row.split("\\|");
      String position = cols[1];
      if (cols[0].equals("orders")) {
        Matcher m = orderKey.matcher(position);
        assertThat(m.find()).as("order dead letter names its key: " + position).isTrue();
        position = m.group(1);
      } else if (cols[0].equals("payments")) {
        position = position.replaceFirst("^file:/*", "/");
      }
      String source = cols[0].startsWith("clicks-") ? "clicks" : cols[0];
      actual.computeIfAbsent(source, s -> new HashMap<>()).put(position, cols[2]);
    }
    for (String source : List.of("orders", "payments", "clicks")) {
      assertThat(actual.getOrDefault(source, Map.of()))
          .as("dead letters of " + source)
          .isEqualTo(expected.bad(source));
    }
  }

  private void assertAccounting(JobID job, ShopExpectations expected) {
    Map<String, Long> in = counters(job, "records_in");
    Map<String, Long> out = counters(job, "records_out");
    Map<String, Long> dead = counters(job, "dead_letters");
    for (String stage : in.keySet()) {
      assertThat(in.get(stage))
          .as("in = out + dead letters for " + stage)
          .isEqualTo(out.getOrDefault(stage, 0L) + dead.getOrDefault(stage, 0L));
    }
    assertThat(in.get("payments")).isEqualTo(expected.paymentLines);
    assertThat(in.get("clicks")).isEqualTo(expected.clickRecords);
    assertThat(in.get("clicks-lateness")).isEqualTo(out.get("clicks"));
    assertThat(in.get("clicks-dedupe")).isEqualTo(out.get("clicks-lateness"));
    assertThat(dead.get("orders")).isEqualTo(expected.bad("orders").size());
  }

  /** Sums a staging counter over subtasks, per stage. */
  private static Map<String, Long> counters(JobID job, String name) {
    Map<String, Long> sums = new HashMap<>();
    Pattern stage = Pattern.compile("sluice_stage\\.([^.]+)\\." + name + "$");
    for (Map.Entry<String, Metric> e : metrics.findMetrics(job, name).entrySet()) {
      Matcher m = stage.matcher(e.getKey());
      if (m.find()) {
        sums.merge(m.group(1), ((Counter) e.getValue()).getCount(), Long::sum);
      }
    }
    return sums;
  }

  private List<String> curatedWindows(ShopTestBed bed) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> windows = new ArrayList<>();
    for (String json : committed(bed.curatedTopic)) {
      JsonNode n = mapper.readTree(json);
      windows.add(
          String.join(
              "|",
              n.get("tenant_id").asText(),
              n.get("event_type").asText(),
              n.get("window_start").asText(),
              n.get("events").asText(),
              n.get("customers").asText()));
    }
    windows.sort(null);
    return windows;
  }

  private List<String> committed(String topic) {
    return KafkaTopics.readAll(stack.kafka().bootstrapServers(), topic, "read_committed");
  }

  private static int martRows(ShopTestBed bed) {
    return query(bed, "SELECT 1 FROM marts.tenant_daily_revenue").size();
  }

  private static List<String> query(ShopTestBed bed, String sql) {
    try (Connection warehouse = bed.warehouse()) {
      return rows(warehouse, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }
}
