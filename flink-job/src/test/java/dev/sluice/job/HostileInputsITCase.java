package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.stack.shop.ShopGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Huge, deeply nested, orphaned and drifted inputs fed to the running job (schema drift set to
 * dead-letter): each is one dead letter with its reason and position, the good records behind them
 * still flow, every stage balances (in = out + dead letters) and the job never restarts.
 */
class HostileInputsITCase extends StackITCaseBase {

  private static final String AT = "2020-01-07T12:00:00Z";
  private static final int TEN_MB = 10 * 1024 * 1024;

  @Test
  void hugeNestedOrphanedAndDriftedInputsAreDeadLetteredWhileTheJobRuns() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    bed.createEmptySources();
    KafkaTopics.allowRecordsOf(stack.kafka().bootstrapServers(), bed.clicksTopic, 2 * TEN_MB);
    Map<String, String> overrides = bed.overrides(false);
    overrides.put("sources.payments.schema-drift", "dead-letter");
    overrides.put("sources.clicks.schema-drift", "dead-letter");
    overrides.put("sources.payments.orphan-grace", "1 s");
    PipelineDefinition pipeline = ShopTestBed.pipeline(overrides);
    JobClient job = ShopTestBed.run(pipeline, "hostile-inputs-" + bed.id);
    try {
      Map<String, String> expected = new LinkedHashMap<>(payments(bed));
      expected.putAll(clicks(bed));

      until(
          expected.size() + " dead letters",
          Duration.ofMinutes(2),
          () -> bed.deadLetters().size() >= expected.size());
      assertThat(bed.deadLetters()).isEqualTo(ShopTestBed.letters(expected));
      until(
          "the reordered and the good payment behind the 10 MB line to reach the mart",
          Duration.ofMinutes(1),
          () ->
              bed.query(
                      "SELECT payment_count, settled_amount FROM marts.tenant_daily_revenue"
                          + " WHERE revenue_date = '2020-01-07'")
                  .equals(List.of("2|12.00")));
      until(
          "both good clicks staged",
          Duration.ofSeconds(30),
          () -> counters(job.getJobID(), "records_out").getOrDefault("clicks", 0L) == 2);
      // End to end: every click sent and every settlement line delivered reached staging (none
      // vanished before it); the bad ones are the letters above, the good ones the mart's rows.
      assertThat(counters(job.getJobID(), "records_in"))
          .containsEntry("clicks", 6L)
          .containsEntry("payments", 7L)
          .containsEntry("payments-ledger", 5L);
      assertThat(status(job)).isEqualTo(JobStatus.RUNNING);
      assertThat(metrics.findMetric(job.getJobID(), "numRestarts"))
          .hasValueSatisfying(m -> assertThat(((Gauge<?>) m).getValue()).isEqualTo(0L));
    } finally {
      job.cancel().get();
    }
  }

  /** Drifted, oversized and orphaned settlement files; keyed by "source file:line". */
  private static Map<String, String> payments(ShopTestBed bed) throws Exception {
    Path dir = Files.createDirectories(bed.landing.resolve("dt=2020-01-07").resolve("tenant=acme"));
    Map<String, String> expected = new LinkedHashMap<>();
    deliver(
        dir,
        "reordered",
        "settled_at,currency,amount,tenant_id,order_id,payment_id",
        AT + ",EUR,5.00,acme,100,r1");
    deliver(
        dir,
        "added",
        "payment_id,order_id,tenant_id,amount,currency,settled_at,fee",
        "a1,100,acme,5.00,EUR," + AT + ",0.30",
        "a2,100,acme,6.00,EUR," + AT + ",0.40");
    expected.put("payments " + dir.resolve("added.csv") + ":2", "SCHEMA_DRIFT");
    expected.put("payments " + dir.resolve("added.csv") + ":3", "SCHEMA_DRIFT");
    deliver(
        dir,
        "missing",
        "payment_id,order_id,tenant_id,amount,settled_at",
        "m1,100,acme,5.00," + AT);
    expected.put("payments " + dir.resolve("missing.csv") + ":1", "SCHEMA_MISMATCH");
    expected.put("payments " + dir.resolve("missing.csv") + ":2", "MISSING_FIELD");
    deliver(
        dir,
        "huge",
        "payment_id,order_id,tenant_id,amount,currency,settled_at",
        "h1,100,acme,5.00,EUR," + AT + "x".repeat(TEN_MB),
        "h2,100,acme,7.00,EUR," + AT);
    expected.put("payments " + dir.resolve("huge.csv") + ":2", "OVERSIZED");
    ShopGenerator.writeAtomically(dir.resolve("orphan.csv"), utf8("payment_id\n"));
    expected.put("payments-ledger " + dir.resolve("orphan.csv"), "MISSING_MANIFEST");
    return expected;
  }

  private static void deliver(Path dir, String name, String header, String... rows) {
    String csv = header + "\n" + String.join("\n", rows) + "\n";
    ShopGenerator.writeDelivery(dir, name, "hostile-" + name, utf8(csv), rows.length);
  }

  /** A 10 MB click, one nested 10,000 deep, one with a new field, one without a required one. */
  private static Map<String, String> clicks(ShopTestBed bed) throws Exception {
    String good =
        "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
            + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\""
            + Instant.now()
            + "\"}";
    List<Object[]> values =
        List.of(
            new Object[] {good, null},
            new Object[] {
              good.replace("}", ",\"pad\":\"" + "x".repeat(TEN_MB) + "\"}"), "OVERSIZED"
            },
            new Object[] {"[".repeat(10_000) + "]".repeat(10_000), "MALFORMED"},
            new Object[] {good.replace("}", ",\"device\":\"ios\"}"), "SCHEMA_DRIFT"},
            new Object[] {good.replace("\"session_id\":\"s\",", ""), "MISSING_FIELD"},
            new Object[] {good.replace("e1", "e2"), null});
    Map<String, String> expected = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers(), 2 * TEN_MB)) {
      for (Object[] v : values) {
        var meta =
            producer
                .send(new ProducerRecord<>(bed.clicksTopic, 0, null, utf8((String) v[0])))
                .get();
        if (v[1] != null) {
          expected.put(
              "clicks " + meta.topic() + "/" + meta.partition() + "/" + meta.offset(),
              (String) v[1]);
        }
      }
    }
    return expected;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
