package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopGenerator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every hostile value of {@link HostileValues} in every field of every source, fed to the running
 * job and on to every sink: settlement lines (tenant acme, one order each), clicks (tenant globex)
 * and CDC orders (whatever Postgres itself accepts). For each record exactly one holds — it is a
 * dead letter with a reason, or its effect is in the marts, equal to an oracle computed here from
 * the records that have no letter — and the job never restarts.
 */
class FuzzITCase extends StackITCaseBase {

  private static final ObjectMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final String DAY = "2020-01-08";
  private static final List<String> PAYMENT =
      List.of("payment_id", "order_id", "tenant_id", "amount", "currency", "settled_at");
  private static final List<String> CLICK =
      List.of("event_id", "tenant_id", "customer_id", "session_id", "event_type", "sku", "ts");
  private static final List<String> ORDER =
      List.of("tenant_id", "customer_id", "status", "amount", "currency", "created_at");
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @Test
  void everyHostileValueInEveryFieldIsADeadLetterOrInTheMarts() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    bed.createEmptySources();
    PipelineDefinition pipeline = bed.pipeline(false);
    JobClient job = ShopTestBed.run(pipeline, "fuzz-" + bed.id);
    try {
      Map<String, List<String>> lines = deliverPayments(bed);
      List<String[]> clicks = produceClicks(bed);
      List<Object[]> orders = insertOrders(bed);
      long lineCount = lines.values().stream().mapToLong(List::size).sum();

      until(
          "every record at staging",
          DEADLINE,
          () -> {
            Map<String, Long> in = counters(job.getJobID(), "records_in");
            return in.getOrDefault("payments", 0L) == lineCount
                && in.getOrDefault("clicks", 0L) == clicks.size()
                && in.getOrDefault("orders", 0L) == orders.size();
          });

      // Letters and mart rows commit together: once they add up to the records fed, all are in.
      awaitAccounted(
          bed,
          "payments",
          lineCount,
          "SELECT count(*) FROM marts.payment_reconciliation"
              + " WHERE tenant_id = 'acme' AND payment_count > 0");
      awaitAccounted(
          bed,
          "clicks",
          clicks.size(),
          "SELECT coalesce(sum(page_views), 0) FROM marts.funnel_daily WHERE tenant_id = 'globex'");
      awaitAccounted(
          bed,
          "orders",
          orders.size(),
          "SELECT count(*) FROM curated.orders_enriched WHERE order_id >= 50000");

      // Payments: a line with no letter is its order's one payment, at its amount.
      Set<String> lettered = letteredPositions(bed, "payments");
      List<String> paid = new ArrayList<>();
      lines.forEach(
          (file, rows) -> {
            for (int i = 0; i < rows.size(); i++) {
              if (!lettered.contains(file + ":" + (i + 2))) {
                String[] cells = rows.get(i).split(",", -1);
                paid.add(
                    "acme|"
                        + Long.parseLong(cells[1].strip())
                        + "|"
                        + new BigDecimal(cells[3].strip()).setScale(2)
                        + "|1");
              }
            }
          });
      paid.sort(null);
      awaitEqual(
          bed,
          "payments",
          paid,
          "SELECT tenant_id, order_id, paid_amount, payment_count FROM"
              + " marts.payment_reconciliation WHERE tenant_id = 'acme' AND payment_count > 0");
      assertThat(lettered.size() + paid.size()).as("payments accounted").isEqualTo(lineCount);

      // Clicks: one page view per click with no letter, on its event day.
      Set<String> clickLetters = letteredPositions(bed, "clicks");
      Map<String, Integer> views = new TreeMap<>();
      for (String[] click : clicks) {
        if (!clickLetters.contains(click[0])) {
          views.merge(day(click[1]), 1, Integer::sum);
        }
      }
      List<String> funnel = new ArrayList<>();
      views.forEach((d, n) -> funnel.add("globex|" + d + "|" + n + "|0|0|0"));
      awaitEqual(
          bed,
          "clicks",
          funnel,
          "SELECT tenant_id, funnel_date, page_views, cart_adds, checkouts, paid_orders FROM"
              + " marts.funnel_daily WHERE tenant_id = 'globex'");
      assertThat(clickLetters.size() + views.values().stream().mapToInt(i -> i).sum())
          .as("clicks accounted")
          .isEqualTo(clicks.size());

      // Orders: a row with no letter is in curated.orders_enriched as the source holds it.
      Set<String> orderLetters = letteredPositions(bed, "orders");
      List<String> staged = new ArrayList<>();
      try (Connection source = bed.source()) {
        for (Object[] order : orders) {
          if (!orderLetters.contains(String.valueOf(order[1]))) {
            staged.addAll(
                Rows.of(
                    source,
                    "SELECT tenant_id, order_id, status, amount FROM orders WHERE order_id = "
                        + order[1]));
          }
        }
      }
      staged.sort(null);
      awaitEqual(
          bed,
          "orders",
          staged,
          "SELECT tenant_id, order_id, status, amount FROM curated.orders_enriched"
              + " WHERE order_id >= 50000");
      assertThat(orderLetters.size() + staged.size())
          .as("orders accounted")
          .isEqualTo(orders.size());

      assertThat(bed.query("SELECT count(*) FROM ops.dead_letters WHERE reason = 'SINK_REJECTED'"))
          .as("staging let nothing through that the warehouse rejects")
          .containsExactly("0");
      assertThat(status(job)).isEqualTo(JobStatus.RUNNING);
      assertThat(metrics.findMetric(job.getJobID(), "numRestarts"))
          .hasValueSatisfying(m -> assertThat(((Gauge<?>) m).getValue()).isEqualTo(0L));
    } finally {
      job.cancel().get();
    }
  }

  /** One delivery per field: each hostile value in that cell of a line of its own order. */
  private static Map<String, List<String>> deliverPayments(ShopTestBed bed) throws Exception {
    Path dir = Files.createDirectories(bed.landing.resolve("dt=" + DAY).resolve("tenant=acme"));
    Map<String, List<String>> lines = new TreeMap<>();
    int order = 10_000;
    for (String field : PAYMENT) {
      List<String> rows = new ArrayList<>();
      for (String value : HostileValues.ALL) {
        List<String> cells =
            new ArrayList<>(
                List.of(
                    "f" + order,
                    String.valueOf(order),
                    "acme",
                    "19.99",
                    "EUR",
                    DAY + "T08:00:00Z"));
        // A line holds no line break: the file would have another line (and the manifest's row
        // count would reject the whole delivery, another test's case).
        cells.set(PAYMENT.indexOf(field), value.replaceAll("[\r\n]", " "));
        rows.add(String.join(",", cells));
        order++;
      }
      String csv = String.join(",", PAYMENT) + "\n" + String.join("\n", rows) + "\n";
      ShopGenerator.writeDelivery(
          dir, "fuzz-" + field, "fuzz-" + field, csv.getBytes(StandardCharsets.UTF_8), rows.size());
      lines.put(dir.resolve("fuzz-" + field + ".csv").toString(), rows);
    }
    return lines;
  }

  /** Each hostile value in each field of a click (as a JSON string); returns position and ts. */
  private static List<String[]> produceClicks(ShopTestBed bed) throws Exception {
    List<String[]> sent = new ArrayList<>();
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    int i = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopics.producer(stack.kafka().bootstrapServers(), 1 << 20)) {
      for (String field : CLICK) {
        for (String value : HostileValues.ALL) {
          ObjectNode click =
              ESCAPING
                  .createObjectNode()
                  .put("event_id", "fz-" + i++)
                  .put("tenant_id", "globex")
                  .put("customer_id", 3)
                  .put("session_id", "s")
                  .put("event_type", "view")
                  .put("sku", "sku-1")
                  .put("ts", now);
          click.put(field, field.equals("event_id") ? value + "#" + i : value);
          var meta =
              producer
                  .send(
                      new ProducerRecord<>(
                          bed.clicksTopic, 0, null, ESCAPING.writeValueAsBytes(click)))
                  .get();
          sent.add(
              new String[] {
                meta.topic() + "/" + meta.partition() + "/" + meta.offset(),
                click.get("ts").asText()
              });
        }
      }
    }
    return sent;
  }

  /** Each hostile value Postgres accepts in each column of an order; returns tenant and id. */
  private static List<Object[]> insertOrders(ShopTestBed bed) throws SQLException {
    List<Object[]> inserted = new ArrayList<>();
    long id = 50_000;
    try (Connection source = bed.source()) {
      source.setAutoCommit(true);
      for (String field : ORDER) {
        for (String value : HostileValues.ALL) {
          Map<String, String> row = new TreeMap<>();
          row.put("tenant_id", "acme");
          row.put("customer_id", "7");
          row.put("status", "PAID");
          row.put("amount", "10.50");
          row.put("currency", "EUR");
          row.put("created_at", "2026-11-20T10:15:30Z");
          row.put(field, value);
          try (PreparedStatement insert =
              source.prepareStatement(
                  "INSERT INTO orders (tenant_id, order_id, customer_id, status, amount, currency,"
                      + " created_at) VALUES (?, ?, ?::bigint, ?, ?::numeric, ?, ?::timestamptz)")) {
            insert.setString(1, row.get("tenant_id"));
            insert.setLong(2, id);
            insert.setString(3, row.get("customer_id"));
            insert.setString(4, row.get("status"));
            insert.setString(5, row.get("amount"));
            insert.setString(6, row.get("currency"));
            insert.setString(7, row.get("created_at"));
            insert.executeUpdate();
            inserted.add(new Object[] {row.get("tenant_id"), id});
          } catch (SQLException notAnInput) {
            // Postgres refused the value itself: it never reaches the WAL.
          }
          id++;
        }
      }
    }
    return inserted;
  }

  /**
   * Positions of the letters of a source (its staging steps included): file:line for payments,
   * topic/partition/offset for clicks, the order id for orders.
   */
  private static Set<String> letteredPositions(ShopTestBed bed, String source) {
    Set<String> positions = new HashSet<>();
    for (String row :
        bed.query(
            "SELECT position FROM ops.dead_letters WHERE source = '"
                + source
                + "' OR source LIKE '"
                + source
                + "-%'")) {
      String position = row.replaceFirst("^file:/*", "/");
      // An order's letter is known by its order id: its tenant may be any text.
      positions.add(
          source.equals("orders")
              ? position.replaceAll("(?s).* key=.*/(\\d+) op=.*", "$1")
              : position);
    }
    return positions;
  }

  /** The UTC day of a click's ts, read as staging reads it (a leap second is second 59). */
  private static String day(String ts) {
    return LocalDate.ofInstant(
            OffsetDateTime.parse(ts.replaceFirst("(T\\d\\d:\\d\\d:)60", "$159")).toInstant(),
            ZoneOffset.UTC)
        .toString();
  }

  /** Waits until the source's letters and the count {@code sql} gives add up to {@code fed}. */
  private static void awaitAccounted(ShopTestBed bed, String source, long fed, String sql)
      throws InterruptedException {
    until(
        fed + " " + source + " as letters or in the marts",
        DEADLINE,
        () -> letteredPositions(bed, source).size() + Long.parseLong(bed.query(sql).get(0)) == fed);
  }

  private static void awaitEqual(ShopTestBed bed, String what, List<String> expected, String sql)
      throws InterruptedException {
    Await.equal(what + " in the marts", DEADLINE, expected, () -> bed.query(sql));
  }
}
