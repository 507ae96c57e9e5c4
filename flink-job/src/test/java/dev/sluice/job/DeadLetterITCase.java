package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A bad record of every kind, fed to the running job from every source: each lands in the
 * dead-letter table with its reason and position, good records behind it still flow, and the job
 * never restarts.
 */
class DeadLetterITCase extends StackITCaseBase {

  @Test
  void everyKindOfBadRecordIsDeadLetteredWithItsPositionWhileTheJobRuns() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    bed.createEmptySources();
    PipelineDefinition pipeline = bed.pipeline(false);
    JobClient job = ShopTestBed.run(pipeline, "dead-letters-" + bed.id);
    try {
      Map<String, String> expected = new LinkedHashMap<>();
      expected.putAll(badOrders(bed));
      expected.putAll(badPayments(bed));
      expected.putAll(badClicks(bed));

      until(
          expected.size() + " dead letters",
          Duration.ofMinutes(2),
          () -> bed.deadLetters().size() >= expected.size());
      assertThat(bed.deadLetters()).isEqualTo(ShopTestBed.letters(expected));

      until(
          "the good order and payment behind the bad ones to reach the mart",
          Duration.ofMinutes(1),
          () ->
              bed.query(ShopOracle.REVENUE_MART + " WHERE revenue_date = '2020-01-05'")
                  .equals(List.of("acme|2020-01-05|EUR|1|10.00|1|5.00")));
      assertThat(status(job)).isEqualTo(JobStatus.RUNNING);
      assertThat(metrics.findMetric(job.getJobID(), "numRestarts"))
          .hasValueSatisfying(m -> assertThat(((Gauge<?>) m).getValue()).isEqualTo(0L));
    } finally {
      job.cancel().get();
    }
  }

  /** Bad orders, then a good one; keyed by "orders <tenant>/<id>". */
  private static Map<String, String> badOrders(ShopTestBed bed) throws SQLException {
    String good = "'acme', 100, 7, 'PAID', 10.00, 'EUR', '2020-01-05T10:00:00Z'";
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("'acme', 1, 7, 'PAID', -1.00, 'EUR', '2020-01-05T10:00:00Z'", "INVALID_VALUE");
    rows.put("'acme', 2, 7, 'PAID', 1.00, 'XXX', '2020-01-05T10:00:00Z'", "INVALID_VALUE");
    rows.put("'ghost', 3, 7, 'PAID', 1.00, 'EUR', '2020-01-05T10:00:00Z'", "UNKNOWN_TENANT");
    rows.put("'acme', 4, 7, 'LOST', 1.00, 'EUR', '2020-01-05T10:00:00Z'", "INVALID_VALUE");
    rows.put("'acme', 5, NULL, 'PAID', 1.00, 'EUR', '2020-01-05T10:00:00Z'", "MISSING_FIELD");
    rows.put("'acme', 6, 7, 'PAID', 1.00, 'EUR', '2100-01-01T00:00:00Z'", "INVALID_VALUE");
    rows.put("'acme', 7, 7, 'PAID', 1.00, 'EUR', NULL", "MISSING_FIELD");
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = bed.source();
        Statement st = c.createStatement()) {
      for (Map.Entry<String, String> row : rows.entrySet()) {
        st.execute(insertOrder(row.getKey()));
        String[] cols = row.getKey().split(", ");
        expected.put("orders " + cols[0].replace("'", "") + "/" + cols[1], row.getValue());
      }
      st.execute(insertOrder(good));
    }
    return expected;
  }

  private static String insertOrder(String values) {
    return "INSERT INTO orders (tenant_id, order_id, customer_id, status, amount, currency,"
        + " created_at) VALUES ("
        + values
        + ")";
  }

  /** Bad settlement lines in one file (and a bad header in another); keyed by file:line. */
  private static Map<String, String> badPayments(ShopTestBed bed) throws Exception {
    String header = "payment_id,order_id,tenant_id,amount,currency,settled_at\n";
    String at = "2020-01-05T12:00:00Z";
    List<String[]> lines =
        List.of(
            new String[] {"p1,100,acme,5.00,EUR", "SCHEMA_MISMATCH"},
            new String[] {"p2,100,acme,five,EUR," + at, "INVALID_TYPE"},
            new String[] {"p3,100,acme,-5.00,EUR," + at, "INVALID_VALUE"},
            new String[] {"p4,100,acme,5.00,DOGE," + at, "INVALID_VALUE"},
            new String[] {"p5,100,acme,5.00,EUR,yesterday", "INVALID_TYPE"},
            new String[] {"p6,100,globex,5.00,EUR," + at, "PARTITION_MISMATCH"},
            new String[] {"p7,100,acme,5.00,EUR,2020-01-06T12:00:00Z", "PARTITION_MISMATCH"},
            new String[] {"p8,100,ghost,5.00,EUR," + at, "UNKNOWN_TENANT"},
            new String[] {"p9,100,acme,\"5.00\",EUR," + at, "MALFORMED"},
            new String[] {"", "MALFORMED"},
            new String[] {"p10,,acme,5.00,EUR," + at, "MISSING_FIELD"},
            new String[] {"p11,100,acme,99999999999.00,EUR," + at, "INVALID_VALUE"});
    Path dir = bed.landing.resolve("dt=2020-01-05").resolve("tenant=acme");
    Files.createDirectories(dir);
    StringBuilder csv = new StringBuilder(header);
    Map<String, String> expected = new LinkedHashMap<>();
    Path file = dir.resolve("bad.csv");
    for (int i = 0; i < lines.size(); i++) {
      csv.append(lines.get(i)[0]).append('\n');
      expected.put("payments " + file + ":" + (i + 2), lines.get(i)[1]);
    }
    csv.append("p12,100,acme,5.00,EUR,").append(at).append('\n');
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    byte[] withBadUtf8 = new byte[bytes.length + 8];
    System.arraycopy(bytes, 0, withBadUtf8, 0, bytes.length);
    byte[] nonUtf8 = {'p', (byte) 0xC3, (byte) 0x28, ',', '1', ',', 'x', '\n'};
    System.arraycopy(nonUtf8, 0, withBadUtf8, bytes.length, nonUtf8.length);
    expected.put("payments " + file + ":" + (lines.size() + 3), "ENCODING");
    ShopGenerator.writeDelivery(dir, "bad", "dl-bad", withBadUtf8, lines.size() + 2);
    Path badHeader = dir.resolve("bad-header.csv");
    ShopGenerator.writeDelivery(
        dir,
        "bad-header",
        "dl-bad-header",
        "id;order;amount\n".getBytes(StandardCharsets.UTF_8),
        0);
    expected.put("payments " + badHeader + ":1", "SCHEMA_MISMATCH");
    expected.putAll(badDeliveries(dir));
    return expected;
  }

  /** Deliveries whose manifest does not hold; keyed by the manifest. */
  private static Map<String, String> badDeliveries(Path dir) {
    byte[] one =
        ("payment_id,order_id,tenant_id,amount,currency,settled_at\n"
                + "p20,100,acme,5.00,EUR,2020-01-05T12:00:00Z\n")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> expected = new LinkedHashMap<>();
    ShopGenerator.writeDelivery(dir, "wrong-rows", "dl-wrong-rows", one, 2);
    expected.put(
        "payments-ledger " + dir.resolve("wrong-rows.manifest.json"), "ROW_COUNT_MISMATCH");
    ShopGenerator.writeAtomically(dir.resolve("wrong-sha.csv"), one);
    ShopGenerator.writeAtomically(
        dir.resolve("wrong-sha.manifest.json"),
        utf8(
            "{\"batch_id\": \"dl-wrong-sha\", \"file\": \"wrong-sha.csv\", \"rows\": 1,"
                + " \"sha256\": \""
                + "0".repeat(64)
                + "\"}"));
    expected.put("payments-ledger " + dir.resolve("wrong-sha.manifest.json"), "CHECKSUM_MISMATCH");
    ShopGenerator.writeAtomically(
        dir.resolve("no-file.manifest.json"),
        utf8(
            "{\"batch_id\": \"dl-no-file\", \"file\": \"no-file.csv\", \"rows\": 1,"
                + " \"sha256\": \""
                + "0".repeat(64)
                + "\"}"));
    expected.put("payments-ledger " + dir.resolve("no-file.manifest.json"), "MISSING_FILE");
    ShopGenerator.writeAtomically(
        dir.resolve("no-id.manifest.json"), utf8("{\"file\": \"wrong-rows.csv\", \"rows\": 1}"));
    expected.put("payments-ledger " + dir.resolve("no-id.manifest.json"), "MANIFEST_INVALID");
    return expected;
  }

  /** Bad clicks on partition 0 (after one good click), keyed by topic/partition/offset. */
  private static Map<String, String> badClicks(ShopTestBed bed) throws Exception {
    Instant now = Instant.now();
    String good =
        "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
            + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\""
            + now
            + "\"}";
    List<Object[]> values =
        List.of(
            new Object[] {good.getBytes(StandardCharsets.UTF_8), null},
            new Object[] {null, "MISSING_FIELD"},
            new Object[] {new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, "ENCODING"},
            new Object[] {utf8("{\"tenant_id\":"), "MALFORMED"},
            new Object[] {utf8("[1,2]"), "SCHEMA_MISMATCH"},
            new Object[] {utf8(good.replace("\"event_id\":\"e1\",", "")), "MISSING_FIELD"},
            new Object[] {utf8(good.replace("view", "hover")), "INVALID_VALUE"},
            new Object[] {utf8(good.replace("acme", "ghost")), "UNKNOWN_TENANT"},
            new Object[] {utf8(good.replace(now.toString(), "soon")), "INVALID_TYPE"},
            new Object[] {
              utf8(good.replace("\"customer_id\":3", "\"customer_id\":\"x\"")), "INVALID_TYPE"
            },
            new Object[] {
              utf8(good.replace(now.toString(), now.minusSeconds(3600).toString())), "LATE"
            });
    Map<String, String> expected = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers())) {
      for (Object[] v : values) {
        var meta =
            producer.send(new ProducerRecord<>(bed.clicksTopic, 0, null, (byte[]) v[0])).get();
        if (v[1] != null) {
          String source =
              v[1].equals("LATE")
                  ? "clicks-lateness"
                  : v[1].equals("DUPLICATE") ? "clicks-dedupe" : "clicks";
          expected.put(
              source + " " + meta.topic() + "/" + meta.partition() + "/" + meta.offset(),
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
