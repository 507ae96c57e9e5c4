package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.replay.DeadLetterReplay;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopExpectations;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sluice dlq replay} after a fix: the pipeline first runs without tenant hooli, so its
 * orders, customers, payment lines and clicks are dead letters (UNKNOWN_TENANT); it is then
 * upgraded through a savepoint to serve hooli, the letters are replayed — CDC rows touched at the
 * source, payment lines delivered again, clicks produced again — and every mart equals the oracle
 * over all tenants. Replaying again changes nothing, and neither does a replay whose record was
 * lost after re-injection.
 */
class DeadLetterReplayITCase extends StackITCaseBase {

  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final int HOOLI_CLICKS = 5;
  private static final List<String> WITHOUT_HOOLI =
      List.of("acme", "globex", "initech", "umbrella");

  @Test
  void replayedDeadLettersLandExactlyOnceAfterTheFix() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    ShopGenerator generator = new ShopGenerator(5, Instant.now().minus(2, ChronoUnit.DAYS), 0);
    try (Connection source = bed.source()) {
      ShopGenerator.createSourceTables(source);
      generator.insertCustomers(source);
      generator.insertOrders(source, 150);
    }
    for (int i = 0; i < 8; i++) {
      generator.writePaymentsFile(bed.landing, 10);
    }
    ShopExpectations expected = generator.expected();
    long hooliPayments =
        expected.payments().stream().filter(p -> p.tenantId.equals("hooli")).count();
    int hooliOrders = count(bed.source(), "SELECT count(*) FROM orders WHERE tenant_id = 'hooli'");
    assertThat(hooliOrders).isPositive();
    assertThat(hooliPayments).isPositive();
    Instant clickTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    produceClicks(bed, "hooli", clickTime);
    long hooliLetters =
        hooliOrders + ShopGenerator.CUSTOMERS_PER_TENANT + hooliPayments + HOOLI_CLICKS;

    Map<String, String> overrides = bed.overrides(false);
    overrides.put("pipeline.tenancy.allowed", String.join(";", WITHOUT_HOOLI));
    JobClient first =
        ShopTestBed.start(ShopTestBed.pipeline(overrides), "replay-before-" + bed.id, null);
    until(
        hooliLetters + " UNKNOWN_TENANT dead letters",
        DEADLINE,
        () -> unknownTenantLetters(bed) == hooliLetters);
    // Past the CDC snapshot (a stop during it races the source's split assignment).
    int served = count(bed.source(), "SELECT count(*) FROM orders WHERE tenant_id <> 'hooli'");
    until(
        "the orders of the served tenants",
        DEADLINE,
        () ->
            query(bed, "SELECT count(*) FROM curated.orders_enriched")
                .equals(List.of("" + served)));
    String savepoint =
        first
            .stopWithSavepoint(
                false, temp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
            .get();

    // The fix: hooli is served from now on; the job resumes from its savepoint.
    PipelineDefinition after = bed.pipeline(false);
    JobClient second = ShopTestBed.start(after, "replay-after-" + bed.id, savepoint);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<LetterReplay.Letter> replayed =
          DeadLetterReplay.run(
              after, "UNKNOWN_TENANT", null, new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(replayed).hasSize((int) hooliLetters);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("orders", "customers", "payments", "clicks", "delivered again as");
      try (Connection source = bed.source()) {
        ShopOracle.load(source, expected);
      }
      assertMartsEqualTheOracle(bed);
      String views =
          "SELECT page_views FROM marts.funnel_daily WHERE tenant_id = 'hooli' AND funnel_date = '"
              + clickTime.atOffset(ZoneOffset.UTC).toLocalDate()
              + "'";
      until(
          "the replayed clicks in the funnel",
          DEADLINE,
          () -> query(bed, views).equals(List.of("" + HOOLI_CLICKS)));
      assertThat(query(bed, "SELECT count(*) FROM ops.dlq_replays"))
          .containsExactly("" + hooliLetters);

      assertThat(DeadLetterReplay.run(after, "UNKNOWN_TENANT", null, new PrintStream(out)))
          .as("a second replay finds nothing left to replay")
          .isEmpty();

      // A replay cut off after re-injecting, before recording: the next one re-injects again.
      try (Connection warehouse = bed.warehouse();
          Statement st = warehouse.createStatement()) {
        st.execute("DELETE FROM ops.dlq_replays");
      }
      assertThat(DeadLetterReplay.run(after, "UNKNOWN_TENANT", null, new PrintStream(out)))
          .hasSize((int) hooliLetters);
      until(
          "the ledger to count the replayed batches delivered twice",
          DEADLINE,
          () ->
              query(
                      bed,
                      "SELECT count(*) FROM ops.batch_ledger WHERE batch_id LIKE 'replay-%'"
                          + " AND (deliveries <> 2 OR status <> 'LOADED')")
                  .equals(List.of("0")));
      assertMartsEqualTheOracle(bed);
      until(
          "each click replayed again a DUPLICATE",
          DEADLINE,
          () ->
              query(
                      bed,
                      "SELECT count(*) FROM ops.dead_letters"
                          + " WHERE reason = 'DUPLICATE' AND source LIKE 'clicks%'")
                  .equals(List.of("" + HOOLI_CLICKS)));
      assertThat(query(bed, views))
          .as("clicks replayed twice count once")
          .containsExactly("" + HOOLI_CLICKS);
      assertThat(
              query(
                  bed,
                  "SELECT count(*) FROM ops.dead_letters"
                      + " WHERE reason = 'DUPLICATE' AND source LIKE 'payments%'"))
          .as("each re-delivered replay batch once a no-op")
          .isEqualTo(
              query(bed, "SELECT count(*) FROM ops.batch_ledger WHERE batch_id LIKE 'replay-%'"));
    } finally {
      second.cancel().get();
    }
  }

  /**
   * Clicks of {@code tenant} at {@code ts}, one per event id; dead letters while it is not served.
   */
  private static void produceClicks(ShopTestBed bed, String tenant, Instant ts) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers())) {
      for (int i = 0; i < HOOLI_CLICKS; i++) {
        String click =
            "{\"event_id\":\"replay-click-"
                + i
                + "\",\"tenant_id\":\""
                + tenant
                + "\",\"customer_id\":3,\"session_id\":\"s\",\"event_type\":\"view\","
                + "\"sku\":\"sku-1\",\"ts\":\""
                + ts
                + "\"}";
        producer
            .send(
                new ProducerRecord<>(
                    bed.clicksTopic, i % 2, null, click.getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
  }

  private static void assertMartsEqualTheOracle(ShopTestBed bed) throws Exception {
    for (String[] mart :
        new String[][] {
          {ShopOracle.REVENUE, ShopOracle.REVENUE_MART},
          {ShopOracle.ENRICHED, ShopOracle.ENRICHED_MART},
          {ShopOracle.RECONCILIATION, ShopOracle.RECONCILIATION_MART}
        }) {
      List<String> oracle;
      try (Connection source = bed.source()) {
        oracle = Rows.of(source, mart[0]);
      }
      assertThat(oracle).anyMatch(r -> r.startsWith("hooli|"));
      until(mart[1] + " to equal the oracle", DEADLINE, () -> oracle.equals(query(bed, mart[1])));
    }
  }

  private static long unknownTenantLetters(ShopTestBed bed) {
    List<String> n =
        query(bed, "SELECT count(*) FROM ops.dead_letters WHERE reason = 'UNKNOWN_TENANT'");
    return n.size() == 1 && n.get(0).matches("\\d+") ? Long.parseLong(n.get(0)) : -1;
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (c) {
      return Integer.parseInt(Rows.of(c, sql).get(0));
    }
  }

  private static List<String> query(ShopTestBed bed, String sql) {
    try (Connection warehouse = bed.warehouse()) {
      return Rows.of(warehouse, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }
}
