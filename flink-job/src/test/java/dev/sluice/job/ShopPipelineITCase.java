package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopExpectations;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The whole shop pipeline end to end on a real Postgres, a real Kafka broker and a Flink
 * MiniCluster with parallelism 2: seeded inputs — CDC inserts, updates and deletes of orders and
 * customers, payment deliveries re-delivered, corrected and broken, late and duplicate clicks, bad
 * records of every kind — and every mart and topic checked against an oracle in plain SQL.
 */
class ShopPipelineITCase extends StackITCaseBase {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  /** Multiplies the input sizes: {@code -Dsluice.oracle.scale=10}; 1 in CI. */
  private static final int SCALE = Integer.getInteger("sluice.oracle.scale", 1);

  @Test
  void wholePipelineMatchesTheOracleExactlyOnceAndAccountsForEveryRecord() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    ShopGenerator generator = new ShopGenerator(42, Instant.now().minus(3, ChronoUnit.DAYS), 0.1);
    try (Connection source = bed.source()) {
      ShopGenerator.createSourceTables(source);
      generator.insertCustomers(source);
      generator.insertOrders(source, 300 * SCALE);
    }
    List<ShopGenerator.Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < 6 * SCALE; i++) {
      deliveries.add(generator.writePaymentsFile(bed.landing, 25));
    }
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers())) {
      generator.produceClicks(producer, bed.clicksTopic, 0, 200 * SCALE, 3);
      generator.produceClicks(producer, bed.clicksTopic, 1, 200 * SCALE, 3);
    }

    Map<String, String> overrides = bed.overrides(false);
    overrides.put("sources.clicks.bounded", "true");
    JobClient job =
        ShopTestBed.start(ShopTestBed.pipeline(overrides), "shop-slice-" + bed.id, null);
    try {
      until(
          "the snapshot of every customer and the first deliveries loaded",
          DEADLINE,
          () ->
              query(bed, "SELECT 1 FROM marts.customer_360").size()
                      == ShopGenerator.TENANTS.size() * ShopGenerator.CUSTOMERS_PER_TENANT
                  && query(bed, "SELECT 1 FROM ops.batch_ledger WHERE status = 'LOADED'").size()
                      == deliveries.size());

      // While it runs: changes at the source, customers moving on, batches corrected,
      // re-delivered, broken, and new ones arriving.
      try (Connection source = bed.source()) {
        generator.mutateOrders(source, 80 * SCALE);
        generator.insertOrders(source, 60 * SCALE);
        generator.updateCustomers(source, 40 * SCALE);
      }
      ShopGenerator.Delivery corrected = generator.correct(deliveries.get(0));
      ShopGenerator.Delivery again = generator.redeliver(deliveries.get(1));
      generator.writePaymentsFile(bed.landing, 25);
      generator.writePaymentsFile(bed.landing, 25);
      generator.writeBrokenDelivery(bed.landing, false);
      generator.writeBrokenDelivery(bed.landing, true);

      ShopExpectations expected = generator.expected();
      for (String source : List.of("orders", "payments", "clicks")) {
        assertThat(expected.bad(source)).as("bad " + source + " generated").isNotEmpty();
      }
      assertThat(expected.bad("clicks"))
          .as("late and duplicate clicks")
          .containsValues("LATE", "DUPLICATE");
      try (Connection source = bed.source()) {
        ShopOracle.load(source, expected);
      }

      assertMartEqualsOracle(
          bed, "marts.tenant_daily_revenue", ShopOracle.REVENUE, ShopOracle.REVENUE_MART);
      assertMartEqualsOracle(
          bed, "curated.orders_enriched", ShopOracle.ENRICHED, ShopOracle.ENRICHED_MART);
      assertMartEqualsOracle(
          bed,
          "marts.payment_reconciliation",
          ShopOracle.RECONCILIATION,
          ShopOracle.RECONCILIATION_MART);
      assertMartEqualsOracle(bed, "marts.funnel_daily", ShopOracle.FUNNEL, ShopOracle.FUNNEL_MART);
      assertMartEqualsOracle(
          bed, "marts.customer_360", ShopOracle.CUSTOMER_360, ShopOracle.CUSTOMER_360_MART);

      assertThat(
              query(
                  bed,
                  "SELECT status, deliveries FROM ops.batch_ledger WHERE batch_id = '"
                      + corrected.batchId
                      + "'"))
          .as("the corrected batch: its first version replaced, the new one loaded")
          .containsExactly("LOADED|1", "REPLACED|1");
      assertThat(
              query(
                  bed,
                  "SELECT status, deliveries FROM ops.batch_ledger WHERE batch_id = '"
                      + again.batchId
                      + "'"))
          .as("the re-delivered batch: loaded once, delivered twice")
          .containsExactly("LOADED|2");

      int expectedDead = expected.badRecords.values().stream().mapToInt(Map::size).sum();
      until(
          expectedDead + " dead letters in ops.dead_letters",
          DEADLINE,
          () -> query(bed, "SELECT 1 FROM ops.dead_letters").size() >= expectedDead);
      assertDeadLettersMatch(bed, expected);

      assertProgress(bed);
      assertKafkaOutputs(bed, expectedDead);
      assertAccounting(job.getJobID(), expected);
    } finally {
      job.cancel().get();
    }
  }

  /** Every stage reports how far it is, never beyond what the inputs hold. */
  private static void assertProgress(ShopTestBed bed) throws Exception {
    until(
        "progress of every stage",
        DEADLINE,
        () ->
            query(bed, "SELECT DISTINCT table_name FROM ops.pipeline_progress")
                .containsAll(List.of("clicks", "customers", "orders", "payments")));
    assertThat(
            query(
                bed,
                "SELECT table_name, tenant_id FROM ops.pipeline_progress"
                    + " WHERE complete_up_to > now() AT TIME ZONE 'UTC' + interval '1 day'"))
        .as("no stage claims the future")
        .isEmpty();
    assertThat(
            query(bed, "SELECT tenant_id FROM ops.pipeline_progress WHERE table_name = 'orders'"))
        .as("orders progress per tenant")
        .containsExactlyInAnyOrderElementsOf(ShopGenerator.TENANTS);
    // Payments are complete up to the end of the latest settlement day the marts hold for the
    // tenant: not a day more (a delivery whose rows were all dead-lettered claims nothing).
    List<String> loadedDays;
    try (Connection source = bed.source()) {
      loadedDays =
          Rows.of(
              source,
              "SELECT tenant_id, (max(settled_at AT TIME ZONE 'UTC')::date + 1)::timestamp"
                  + " FROM oracle_payments GROUP BY tenant_id");
    }
    awaitEqual(
        "payments progress per tenant",
        loadedDays,
        () ->
            query(
                bed,
                "SELECT tenant_id, complete_up_to FROM ops.pipeline_progress"
                    + " WHERE table_name = 'payments'"));
  }

  private static void assertMartEqualsOracle(
      ShopTestBed bed, String mart, String oracleSql, String martSql) throws Exception {
    List<String> oracle;
    try (Connection source = bed.source()) {
      oracle = Rows.of(source, oracleSql);
    }
    assertThat(oracle).as("oracle rows of " + mart).hasSizeGreaterThan(10);
    awaitEqual(mart, oracle, () -> query(bed, martSql));
  }

  private static void awaitEqual(String what, List<String> expected, Supplier<List<String>> actual)
      throws InterruptedException {
    Await.equal(what, DEADLINE, expected, actual);
  }

  private void assertKafkaOutputs(ShopTestBed bed, int expectedDead) throws Exception {
    List<String> windows;
    List<String> enriched;
    List<String> exceptions = new ArrayList<>();
    try (Connection source = bed.source()) {
      windows = Rows.of(source, ShopOracle.CLICKS_PER_MINUTE);
      enriched =
          Rows.of(
              source,
              "SELECT tenant_id || '|' || order_id || '|' || status || '|' || amount || '|'"
                  + " || coalesce(segment, 'null') FROM ("
                  + ShopOracle.ENRICHED
                  + ") AS e(tenant_id, order_id, customer_id, status, amount, currency, c, d,"
                  + " name, segment, country, v)");
      for (String row : Rows.of(source, ShopOracle.RECONCILIATION)) {
        String[] cols = row.split("\\|");
        // Restated here, not taken from the job: what the exceptions topic must leave out.
        if (!List.of("MATCHED", "NOT_DUE").contains(cols[5])) {
          exceptions.add(cols[0] + "|" + cols[1] + "|" + cols[5]);
        }
      }
    }
    exceptions.sort(null);
    until(
        windows.size() + " committed records in " + bed.curatedTopic,
        DEADLINE,
        () -> committed(bed.curatedTopic).size() >= windows.size());
    assertThat(curatedWindows(bed)).as("each window exactly once").isEqualTo(windows);

    assertThat(exceptions).as("payment exceptions in the oracle").isNotEmpty();
    awaitEqual(
        "the compacted payment exceptions topic",
        exceptions,
        () -> compacted(bed.exceptionsTopic, "order_id", "reconciliation_status"));
    awaitEqual(
        "the compacted enriched orders topic",
        enriched,
        () -> compacted(bed.enrichedTopic, "order_id", "status", "amount", "customer_segment"));

    List<String> deadLetterTopic = committed(bed.deadLetterTopic);
    assertThat(deadLetterTopic).hasSize(expectedDead).doesNotHaveDuplicates();
  }

  /** The upsert topic as a reader ends with it: tenant_id and the given fields of each value. */
  private List<String> compacted(String topic, String... fields) {
    ObjectMapper mapper =
        new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    List<String> rows = new ArrayList<>();
    for (String json :
        KafkaTopics.compacted(stack.kafka().bootstrapServers(), topic, "read_committed").values()) {
      try {
        JsonNode n = mapper.readTree(json);
        StringBuilder row = new StringBuilder(n.get("tenant_id").asText());
        for (String field : fields) {
          row.append('|').append(n.get(field).asText());
        }
        rows.add(row.toString());
      } catch (Exception e) {
        throw new AssertionError("not JSON in " + topic + ": " + json, e);
      }
    }
    rows.sort(null);
    return rows;
  }

  /**
   * Every letter of every source against the generator's bad records, as sorted (source, position,
   * reason) lists: two letters at one position, or letters of a source the generator made no bad
   * records for, fail it.
   */
  private void assertDeadLettersMatch(ShopTestBed bed, ShopExpectations expected)
      throws SQLException {
    List<String> actual = new ArrayList<>();
    Pattern orderKey = Pattern.compile("key=(\\S+)");
    for (String row : query(bed, "SELECT source, position, reason FROM ops.dead_letters")) {
      String[] cols = row.split("\\|");
      String position = cols[1];
      if (cols[0].equals("orders")) {
        Matcher m = orderKey.matcher(position);
        assertThat(m.find()).as("order dead letter names its key: " + position).isTrue();
        position = m.group(1);
      } else if (cols[0].startsWith("payments")) {
        position = position.replaceFirst("^file:/*", "/");
      }
      actual.add(cols[0].replaceFirst("-.*", "") + " " + position + " " + cols[2]);
    }
    List<String> wanted = new ArrayList<>();
    for (String source : List.of("orders", "payments", "clicks")) {
      expected.bad(source).forEach((at, reason) -> wanted.add(source + " " + at + " " + reason));
    }
    actual.sort(null);
    wanted.sort(null);
    assertThat(actual).as("dead letters").isEqualTo(wanted);
  }

  private void assertAccounting(JobID job, ShopExpectations expected) {
    Map<String, Long> in = counters(job, "records_in");
    Map<String, Long> out = counters(job, "records_out");
    Map<String, Long> dead = counters(job, "dead_letters");
    assertThat(in.get("payments")).isEqualTo(expected.paymentLines);
    assertThat(in.get("payments-ledger")).isEqualTo(expected.deliveries);
    assertThat(in.get("clicks")).isEqualTo(expected.clickRecords);
    assertThat(in.get("clicks-lateness")).isEqualTo(out.get("clicks"));
    assertThat(in.get("clicks-dedupe")).isEqualTo(out.get("clicks-lateness"));
    assertThat(dead.get("orders")).isEqualTo(expected.bad("orders").size());
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
      return Rows.of(warehouse, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }
}
