package dev.sluice.stack.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Seeded generator of the shop pipeline's inputs — orders in the source database, payment
 * settlement files, click events on Kafka — with a share of deliberately bad records, each noted in
 * {@link ShopExpectations} with the reason the pipeline must give it.
 */
public final class ShopGenerator {

  /** The tenants the generator writes for; the pipeline must serve the same ones. */
  public static final List<String> TENANTS =
      List.of("acme", "globex", "initech", "umbrella", "hooli");

  /** A tenant the pipeline does not serve. */
  public static final String UNKNOWN_TENANT = "ghost";

  /** DDL of the source table; a real OLTP table with no checks, so dirty rows can exist. */
  public static final String ORDERS_DDL =
      "CREATE TABLE IF NOT EXISTS orders ("
          + " tenant_id TEXT NOT NULL, order_id BIGINT NOT NULL, customer_id BIGINT,"
          + " status TEXT, amount NUMERIC(12,2), currency TEXT, created_at TIMESTAMPTZ,"
          + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, order_id))";

  private static final String[] STATUSES = {"PENDING", "PAID", "SHIPPED", "CANCELLED"};
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};
  private static final String[] EVENT_TYPES = {"view", "view", "view", "add_to_cart", "checkout"};

  private final Random random;
  private final Instant base;
  private final Instant clickStart;
  private final double badShare;
  private final ShopExpectations expected = new ShopExpectations();
  private final List<String> goodOrderKeys = new ArrayList<>();
  private long nextOrderId = 1;
  private long nextPaymentId = 1;
  private long nextEventId = 1;
  private int nextFile = 1;

  /**
   * @param seed fixes every choice
   * @param base start of the generated time range (events fall in the 3 days after it)
   * @param badShare share of records made bad on purpose, 0..1
   */
  public ShopGenerator(long seed, Instant base, double badShare) {
    this.random = new Random(seed);
    this.base = base.truncatedTo(ChronoUnit.DAYS);
    this.badShare = badShare;
    this.clickStart = this.base.plusSeconds(7_200 + random.nextInt(86_400));
  }

  public ShopExpectations expected() {
    return expected;
  }

  /** Stops noting expectations, for a feed that runs for hours; counts are still kept. */
  public ShopGenerator withoutExpectations() {
    expected.recording = false;
    return this;
  }

  /** Creates the source table (with full before-images for updates and deletes). */
  public static void createSourceTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(ORDERS_DDL);
      statement.execute("ALTER TABLE orders REPLICA IDENTITY FULL");
    }
  }

  // ---------------------------------------------------------------- orders

  /** Inserts {@code count} orders, a share of them bad, in one transaction. */
  public void insertOrders(Connection connection, int count) throws SQLException {
    String sql =
        "INSERT INTO orders (tenant_id, order_id, customer_id, status, amount, currency,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < count; i++) {
        String tenant = tenant();
        long orderId = nextOrderId++;
        String status = pick(STATUSES);
        BigDecimal amount = amount();
        String currency = pick(CURRENCIES);
        String badReason = null;
        if (random.nextDouble() < badShare) {
          switch (random.nextInt(4)) {
            case 0:
              amount = amount.negate();
              badReason = "INVALID_VALUE";
              break;
            case 1:
              currency = "XXX";
              badReason = "INVALID_VALUE";
              break;
            case 2:
              tenant = UNKNOWN_TENANT;
              badReason = "UNKNOWN_TENANT";
              break;
            default:
              status = "LOST";
              badReason = "INVALID_VALUE";
          }
        }
        insert.setString(1, tenant);
        insert.setLong(2, orderId);
        insert.setLong(3, 1 + random.nextInt(500));
        insert.setString(4, status);
        insert.setBigDecimal(5, amount);
        insert.setString(6, currency);
        insert.setObject(7, eventTime().atOffset(ZoneOffset.UTC));
        insert.addBatch();
        String key = tenant + "/" + orderId;
        if (badReason == null) {
          goodOrderKeys.add(key);
        } else {
          expected.bad("orders", key, badReason);
        }
      }
      insert.executeBatch();
      connection.commit();
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Updates and deletes {@code count} good orders (they stay valid), one statement each. */
  public void mutateOrders(Connection connection, int count) throws SQLException {
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE orders SET status = ?, amount = ?, updated_at = now()"
                    + " WHERE tenant_id = ? AND order_id = ?");
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM orders WHERE tenant_id = ? AND order_id = ?")) {
      for (int i = 0; i < count && !goodOrderKeys.isEmpty(); i++) {
        int index = random.nextInt(goodOrderKeys.size());
        String[] key = goodOrderKeys.get(index).split("/");
        if (random.nextInt(5) == 0) {
          goodOrderKeys.remove(index);
          delete.setString(1, key[0]);
          delete.setLong(2, Long.parseLong(key[1]));
          delete.executeUpdate();
        } else {
          update.setString(1, pick(STATUSES));
          update.setBigDecimal(2, amount());
          update.setString(3, key[0]);
          update.setLong(4, Long.parseLong(key[1]));
          update.executeUpdate();
        }
      }
    }
  }

  // ---------------------------------------------------------------- payments

  /**
   * Writes one settlement file for a random tenant and day under {@code
   * root/dt=YYYY-MM-DD/tenant=<id>/}, atomically (a hidden temp file renamed into place).
   *
   * @return the file written
   */
  public Path writePaymentsFile(Path root, int rows) {
    String tenant = tenant();
    LocalDate dt = LocalDate.ofInstant(base, ZoneOffset.UTC).plusDays(random.nextInt(3));
    Path dir = root.resolve("dt=" + dt).resolve("tenant=" + tenant);
    Path file = dir.resolve(String.format("settlement-%05d.csv", nextFile++));
    StringBuilder csv =
        new StringBuilder("payment_id,order_id,tenant_id,amount,currency,settled_at\n");
    for (int line = 2; line < rows + 2; line++) {
      String paymentId = "p" + nextPaymentId++;
      long orderId = 1 + random.nextInt((int) Math.max(1, nextOrderId));
      String amount = amount().toPlainString();
      String currency = pick(CURRENCIES);
      Instant settled =
          dt.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
      String settledAt = settled.toString();
      String position = file.toAbsolutePath() + ":" + line;
      String row;
      ShopExpectations.Payment good = null;
      if (random.nextDouble() < badShare) {
        switch (random.nextInt(5)) {
          case 0:
            row = String.join(",", paymentId, "" + orderId, tenant, "12,5O", currency, settledAt);
            expected.bad("payments", position, "SCHEMA_MISMATCH");
            break;
          case 1:
            row = String.join(",", paymentId, "" + orderId, tenant, "abc", currency, settledAt);
            expected.bad("payments", position, "INVALID_TYPE");
            break;
          case 2:
            row = String.join(",", paymentId, "" + orderId, tenant, amount, "DOGE", settledAt);
            expected.bad("payments", position, "INVALID_VALUE");
            break;
          case 3:
            row = String.join(",", paymentId, "" + orderId, tenant, amount, currency, "yesterday");
            expected.bad("payments", position, "INVALID_TYPE");
            break;
          default:
            row =
                String.join(
                    ",", paymentId, "" + orderId, otherTenant(tenant), amount, currency, settledAt);
            expected.bad("payments", position, "PARTITION_MISMATCH");
        }
      } else {
        row = String.join(",", paymentId, "" + orderId, tenant, amount, currency, settledAt);
        good =
            new ShopExpectations.Payment(paymentId, orderId, tenant, amount, currency, settledAt);
      }
      expected.payment(good);
      csv.append(row).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
      Files.writeString(tmp, csv, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file;
  }

  // ---------------------------------------------------------------- clicks

  /**
   * Produces {@code count} clicks to {@code partition} of {@code topic}, in event-time order with
   * jitter below one second, then {@code late} clicks an hour behind them (which must be LATE).
   * Every call starts at the same event time, so partitions read side by side stay in step.
   */
  public void produceClicks(
      Producer<byte[], byte[]> producer, String topic, int partition, int count, int late) {
    for (int i = 0; i < count + late; i++) {
      boolean isLate = i >= count;
      Instant ts =
          isLate
              ? clickStart.minusSeconds(3_600 + random.nextInt(600))
              : clickStart.plusMillis(i * 250L + random.nextInt(900));
      produceClick(producer, topic, partition, ts, isLate);
    }
  }

  /**
   * Produces one click with event time {@code ts} (bad with the configured share unless {@code
   * late}) and waits for the broker's acknowledgement.
   *
   * @param partition the partition, or null to let the key choose
   */
  public void produceClick(
      Producer<byte[], byte[]> producer,
      String topic,
      Integer partition,
      Instant ts,
      boolean late) {
    String tenant = tenant();
    String eventId = "e" + nextEventId++;
    long customer = 1 + random.nextInt(500);
    String type = pick(EVENT_TYPES);
    String sku = sku();
    byte[] value = utf8(clickJson(tenant, eventId, customer, type, sku, ts.toString()));
    String badReason = null;
    if (!late && random.nextDouble() < badShare) {
      switch (random.nextInt(6)) {
        case 0:
          value = utf8("{\"tenant_id\": \"" + tenant + "\", ");
          badReason = "MALFORMED";
          break;
        case 1:
          value = utf8("[1, 2, 3]");
          badReason = "SCHEMA_MISMATCH";
          break;
        case 2:
          value = utf8(clickJson(tenant, null, customer, type, sku, ts.toString()));
          badReason = "MISSING_FIELD";
          break;
        case 3:
          value = utf8(clickJson(UNKNOWN_TENANT, eventId, customer, type, sku, ts.toString()));
          badReason = "UNKNOWN_TENANT";
          break;
        case 4:
          value = utf8(clickJson(tenant, eventId, customer, "hover", sku, ts.toString()));
          badReason = "INVALID_VALUE";
          break;
        default:
          value = new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
          badReason = "ENCODING";
      }
    }
    RecordMetadata meta;
    try {
      meta =
          producer
              .send(new ProducerRecord<>(topic, partition, ts.toEpochMilli(), utf8(tenant), value))
              .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while producing clicks", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot produce a click to " + topic, e.getCause());
    }
    String position = meta.topic() + "/" + meta.partition() + "/" + meta.offset();
    if (late) {
      expected.bad("clicks", position, "LATE");
    } else if (badReason != null) {
      expected.bad("clicks", position, badReason);
    }
    expected.click(
        late || badReason != null
            ? null
            : new ShopExpectations.Click(tenant, eventId, customer, type, ts.toString()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String clickJson(
      String tenant, String eventId, long customer, String type, String sku, String ts) {
    return "{"
        + (eventId == null ? "" : "\"event_id\":\"" + eventId + "\",")
        + "\"tenant_id\":\""
        + tenant
        + "\","
        + "\"customer_id\":"
        + customer
        + ","
        + "\"session_id\":\"s"
        + customer
        + "-"
        + ts.substring(0, 13)
        + "\","
        + "\"event_type\":\""
        + type
        + "\","
        + "\"sku\":\""
        + sku
        + "\","
        + "\"ts\":\""
        + ts
        + "\"}";
  }

  // ---------------------------------------------------------------- helpers

  private String tenant() {
    return TENANTS.get(random.nextInt(TENANTS.size()));
  }

  /** Clicks are skewed: the first tenant makes 80 % of them, as one big customer would. */
  private String hotTenant() {
    return random.nextDouble() < 0.8 ? TENANTS.get(0) : tenant();
  }

  /** 80 % of clicks are on three hot SKUs. */
  private String sku() {
    return "sku-" + (random.nextDouble() < 0.8 ? 1 + random.nextInt(3) : 4 + random.nextInt(40));
  }

  private String otherTenant(String tenant) {
    int index = (TENANTS.indexOf(tenant) + 1 + random.nextInt(TENANTS.size() - 1)) % TENANTS.size();
    return TENANTS.get(index);
  }

  private Instant eventTime() {
    return base.plusSeconds(random.nextInt(3 * 86_400));
  }

  private BigDecimal amount() {
    return BigDecimal.valueOf(100 + random.nextInt(99_900), 2);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
