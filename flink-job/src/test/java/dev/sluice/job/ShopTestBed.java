package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.*;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.shop.ShopExpectations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;

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

  Connection source() throws SQLException {
    return stack.postgres().connect(sourceDb);
  }

  Connection warehouse() throws SQLException {
    return stack.postgres().connect(warehouseDb);
  }

  /** Rows of a query as text, one string per row, columns joined by {@code |}, sorted. */
  static List<String> rows(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  /** Loads the generator's good payments into {@code oracle_payments} of the source database. */
  void loadOraclePayments(ShopExpectations expected) throws SQLException {
    try (Connection c = source();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE oracle_payments (payment_id TEXT, order_id BIGINT, tenant_id TEXT,"
              + " amount NUMERIC(12,2), currency TEXT, settled_at TIMESTAMPTZ)");
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO oracle_payments VALUES (?, ?, ?, ?::numeric, ?, ?::timestamptz)")) {
        for (ShopExpectations.Payment p : expected.payments()) {
          insert.setString(1, p.paymentId);
          insert.setLong(2, p.orderId);
          insert.setString(3, p.tenantId);
          insert.setString(4, p.amount);
          insert.setString(5, p.currency);
          insert.setString(6, p.settledAt);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** Loads every customer version the generator wrote into {@code oracle_customer_versions}. */
  void loadOracleCustomerVersions(ShopExpectations expected) throws SQLException {
    try (Connection c = source();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE oracle_customer_versions (tenant_id TEXT, customer_id BIGINT, name TEXT,"
              + " segment TEXT, country TEXT, valid_from TIMESTAMPTZ)");
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO oracle_customer_versions VALUES (?, ?, ?, ?, ?, ?::timestamptz)")) {
        for (ShopExpectations.CustomerVersion v : expected.customerVersions) {
          insert.setString(1, v.tenantId);
          insert.setLong(2, v.customerId);
          insert.setString(3, v.name);
          insert.setString(4, v.segment);
          insert.setString(5, v.country);
          insert.setString(6, v.validFrom);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** Loads the generator's good clicks into {@code oracle_clicks} of the source database. */
  void loadOracleClicks(ShopExpectations expected) throws SQLException {
    try (Connection c = source();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE oracle_clicks (tenant_id TEXT, event_id TEXT, customer_id BIGINT,"
              + " event_type TEXT, ts TIMESTAMPTZ)");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO oracle_clicks VALUES (?, ?, ?, ?, ?::timestamptz)")) {
        for (ShopExpectations.Click k : expected.clicks) {
          insert.setString(1, k.tenantId);
          insert.setString(2, k.eventId);
          insert.setLong(3, k.customerId);
          insert.setString(4, k.eventType);
          insert.setString(5, k.ts);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** Dead letters as "source position" -> reason; order positions reduced to their key. */
  Map<String, String> deadLetters() {
    Map<String, String> letters = new LinkedHashMap<>();
    for (String row : query("SELECT source, position, reason FROM ops.dead_letters")) {
      String[] cols = row.split("\\|");
      String position = cols[1];
      if (cols[0].equals("orders")) {
        position = position.replaceAll(".*(key=\\S+).*", "$1");
      } else if (cols[0].startsWith("payments")) {
        position = position.replaceFirst("^file:/*", "/");
      }
      letters.put(cols[0] + " " + position, cols[2]);
    }
    return letters;
  }

  /** Rows of a warehouse query (see {@link #rows}), or one row saying why it failed. */
  List<String> query(String sql) {
    try (Connection warehouse = warehouse()) {
      return rows(warehouse, sql);
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
