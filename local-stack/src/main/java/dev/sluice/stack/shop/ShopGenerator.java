package dev.sluice.stack.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

  /** DDL of the customers table: one row per customer, {@code updated_at} starts its version. */
  public static final String CUSTOMERS_DDL =
      "CREATE TABLE IF NOT EXISTS customers ("
          + " tenant_id TEXT NOT NULL, customer_id BIGINT NOT NULL, name TEXT, segment TEXT,"
          + " country TEXT, updated_at TIMESTAMPTZ NOT NULL,"
          + " PRIMARY KEY (tenant_id, customer_id))";

  /** Customers per tenant; orders and clicks refer to ids 1..this. */
  public static final int CUSTOMERS_PER_TENANT = 40;

  private static final String[] SEGMENTS = {"consumer", "smb", "enterprise"};
  private static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "NL"};
  private static final String[] STATUSES = {"PENDING", "PAID", "SHIPPED", "CANCELLED"};
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};
  private static final String[] EVENT_TYPES = {"view", "view", "view", "add_to_cart", "checkout"};

  private final Random random;
  private final Instant base;
  private final Instant clickStart;
  private final double badShare;
  private final ShopExpectations expected = new ShopExpectations();
  private final List<String> goodOrderKeys = new ArrayList<>();
  private final Map<String, BigDecimal> orderAmounts = new HashMap<>();
  private final Map<String, String> orderCurrencies = new HashMap<>();
  private final Map<String, Instant> customerVersions = new HashMap<>();
  private ProducerRecord<byte[], byte[]> lastGoodClick;
  private final Map<Integer, Integer> clickCursor = new HashMap<>();
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

  /** Creates the source tables (with full before-images for updates and deletes). */
  public static void createSourceTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(ORDERS_DDL);
      statement.execute("ALTER TABLE orders REPLICA IDENTITY FULL");
      statement.execute(CUSTOMERS_DDL);
      statement.execute("ALTER TABLE customers REPLICA IDENTITY FULL");
    }
  }

  // ---------------------------------------------------------------- customers

  /**
   * Inserts every tenant's customers, each valid from a day before the generated time range, so
   * every order finds the version it was placed under.
   */
  public void insertCustomers(Connection connection) throws SQLException {
    Instant validFrom = base.minus(1, ChronoUnit.DAYS);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customers (tenant_id, customer_id, name, segment, country, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (String tenant : TENANTS) {
        for (long id = 1; id <= CUSTOMERS_PER_TENANT; id++) {
          ShopExpectations.CustomerVersion version =
              new ShopExpectations.CustomerVersion(
                  tenant,
                  id,
                  "customer " + tenant + "-" + id,
                  pick(SEGMENTS),
                  pick(COUNTRIES),
                  validFrom.toString());
          bindCustomer(insert, version);
          insert.addBatch();
          customerVersions.put(tenant + "/" + id, validFrom);
          expected.customerVersion(version);
        }
      }
      insert.executeBatch();
    }
  }

  /**
   * Moves {@code count} random customers to a new segment and country, each new version valid from
   * a moment after the customer's previous one, inside the generated time range.
   */
  public void updateCustomers(Connection connection, int count) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE customers SET name = ?, segment = ?, country = ?, updated_at = ?"
                + " WHERE tenant_id = ? AND customer_id = ?")) {
      for (int i = 0; i < count; i++) {
        String tenant = tenant();
        long id = 1 + random.nextInt(CUSTOMERS_PER_TENANT);
        String key = tenant + "/" + id;
        Instant previous = customerVersions.get(key);
        Instant validFrom =
            (previous.isBefore(base) ? base : previous).plusSeconds(1 + random.nextInt(43_200));
        if (validFrom.isAfter(Instant.now())) {
          // a feed that runs for hours: new versions start now, never in the future
          validFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);
          validFrom = validFrom.isAfter(previous) ? validFrom : previous.plusSeconds(1);
        }
        customerVersions.put(key, validFrom);
        ShopExpectations.CustomerVersion version =
            new ShopExpectations.CustomerVersion(
                tenant,
                id,
                "customer " + key + " v" + i,
                pick(SEGMENTS),
                pick(COUNTRIES),
                validFrom.toString());
        update.setString(1, version.name);
        update.setString(2, version.segment);
        update.setString(3, version.country);
        update.setObject(4, validFrom.atOffset(ZoneOffset.UTC));
        update.setString(5, tenant);
        update.setLong(6, id);
        update.executeUpdate();
        expected.customerVersion(version);
      }
    }
  }

  private static void bindCustomer(PreparedStatement insert, ShopExpectations.CustomerVersion v)
      throws SQLException {
    insert.setString(1, v.tenantId);
    insert.setLong(2, v.customerId);
    insert.setString(3, v.name);
    insert.setString(4, v.segment);
    insert.setString(5, v.country);
    insert.setObject(6, Instant.parse(v.validFrom).atOffset(ZoneOffset.UTC));
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
        insert.setLong(3, 1 + random.nextInt(CUSTOMERS_PER_TENANT));
        insert.setString(4, status);
        insert.setBigDecimal(5, amount);
        insert.setString(6, currency);
        insert.setObject(7, eventTime().atOffset(ZoneOffset.UTC));
        insert.addBatch();
        String key = tenant + "/" + orderId;
        if (badReason == null) {
          goodOrderKeys.add(key);
          orderAmounts.put(key, amount);
          orderCurrencies.put(key, currency);
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
          orderAmounts.remove(key[0] + "/" + key[1]);
          delete.setString(1, key[0]);
          delete.setLong(2, Long.parseLong(key[1]));
          delete.executeUpdate();
        } else {
          BigDecimal amount = amount();
          orderAmounts.put(key[0] + "/" + key[1], amount);
          update.setString(1, pick(STATUSES));
          update.setBigDecimal(2, amount);
          update.setString(3, key[0]);
          update.setLong(4, Long.parseLong(key[1]));
          update.executeUpdate();
        }
      }
    }
  }

  // ---------------------------------------------------------------- payments

  /** One settlement delivery: where it lies and the lines it holds, to re-deliver or correct. */
  public static final class Delivery {
    public final Path dir;
    public final String name;
    public final String batchId;
    final List<String> rows;
    final List<String> reasons;
    final List<ShopExpectations.Payment> payments;

    Delivery(
        Path dir,
        String name,
        String batchId,
        List<String> rows,
        List<String> reasons,
        List<ShopExpectations.Payment> payments) {
      this.dir = dir;
      this.name = name;
      this.batchId = batchId;
      this.rows = rows;
      this.reasons = reasons;
      this.payments = payments;
    }

    /** The data file. */
    public Path file() {
      return dir.resolve(name + ".csv");
    }

    /** The manifest, written last: the delivery's commit marker. */
    public Path manifest() {
      return dir.resolve(name + ".manifest.json");
    }
  }

  /** Header of a settlement file. */
  public static final String PAYMENTS_HEADER =
      "payment_id,order_id,tenant_id,amount,currency,settled_at";

  /**
   * Writes one settlement delivery for a random tenant and day under {@code
   * root/dt=YYYY-MM-DD/tenant=<id>/}: the CSV, then its manifest (batch id, rows, SHA-256). Most
   * payments settle a known order of the tenant, most of those for the order's amount.
   */
  public Delivery writePaymentsFile(Path root, int rows) {
    String tenant = tenant();
    LocalDate dt = LocalDate.ofInstant(base, ZoneOffset.UTC).plusDays(random.nextInt(3));
    Path dir = root.resolve("dt=" + dt).resolve("tenant=" + tenant);
    int seq = nextFile++;
    String name = String.format("settlement-%05d", seq);
    List<String> lines = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<ShopExpectations.Payment> payments = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String paymentId = "p" + nextPaymentId++;
      String[] order = paidOrder(tenant);
      long orderId = Long.parseLong(order[0]);
      String amount = order[1];
      String currency = order[2];
      Instant settled =
          dt.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
      String settledAt = settled.toString();
      String row;
      String reason = null;
      ShopExpectations.Payment good = null;
      if (random.nextDouble() < badShare) {
        switch (random.nextInt(5)) {
          case 0:
            row = String.join(",", paymentId, "" + orderId, tenant, "12,5O", currency, settledAt);
            reason = "SCHEMA_MISMATCH";
            break;
          case 1:
            row = String.join(",", paymentId, "" + orderId, tenant, "abc", currency, settledAt);
            reason = "INVALID_TYPE";
            break;
          case 2:
            row = String.join(",", paymentId, "" + orderId, tenant, amount, "DOGE", settledAt);
            reason = "INVALID_VALUE";
            break;
          case 3:
            row = String.join(",", paymentId, "" + orderId, tenant, amount, currency, "yesterday");
            reason = "INVALID_TYPE";
            break;
          default:
            row =
                String.join(
                    ",", paymentId, "" + orderId, otherTenant(tenant), amount, currency, settledAt);
            reason = "PARTITION_MISMATCH";
        }
      } else {
        row = String.join(",", paymentId, "" + orderId, tenant, amount, currency, settledAt);
        good =
            new ShopExpectations.Payment(paymentId, orderId, tenant, amount, currency, settledAt);
      }
      lines.add(row);
      reasons.add(reason);
      payments.add(good);
    }
    Delivery delivery =
        new Delivery(
            dir,
            name,
            tenant + "-" + dt + "-" + String.format("%05d", seq),
            lines,
            reasons,
            payments);
    deliver(delivery);
    return delivery;
  }

  /**
   * Delivers {@code original}'s file again, byte for byte, under a new name: the batch ledger must
   * make it a no-op (one DUPLICATE dead letter naming the manifest).
   */
  public Delivery redeliver(Delivery original) {
    Delivery again =
        new Delivery(
            original.dir,
            original.name + "-redelivered",
            original.batchId,
            original.rows,
            original.reasons,
            original.payments);
    write(again);
    expected.paymentDuplicate(again.manifest().toAbsolutePath().toString());
    return again;
  }

  /**
   * Delivers a corrected version of {@code original} under a new name with the same batch id: its
   * first good payment's amount raised by 1.00 and its last line dropped. It must replace the
   * original's rows.
   */
  public Delivery correct(Delivery original) {
    List<String> rows = new ArrayList<>(original.rows.subList(0, original.rows.size() - 1));
    List<String> reasons = new ArrayList<>(original.reasons.subList(0, rows.size()));
    List<ShopExpectations.Payment> payments =
        new ArrayList<>(original.payments.subList(0, rows.size()));
    for (int i = 0; i < rows.size(); i++) {
      ShopExpectations.Payment p = payments.get(i);
      if (p != null) {
        String amount = new BigDecimal(p.amount).add(BigDecimal.ONE).toPlainString();
        payments.set(
            i,
            new ShopExpectations.Payment(
                p.paymentId, p.orderId, p.tenantId, amount, p.currency, p.settledAt));
        rows.set(
            i,
            String.join(
                ",", p.paymentId, "" + p.orderId, p.tenantId, amount, p.currency, p.settledAt));
        break;
      }
    }
    Delivery corrected =
        new Delivery(
            original.dir, original.name + "-v2", original.batchId, rows, reasons, payments);
    deliver(corrected);
    return corrected;
  }

  /**
   * Writes a delivery whose manifest does not hold: a wrong SHA-256 ({@code CHECKSUM_MISMATCH}) or,
   * with {@code wrongRows}, a right checksum but a wrong row count ({@code ROW_COUNT_MISMATCH}).
   * Nothing of it may be loaded.
   */
  public Path writeBrokenDelivery(Path root, boolean wrongRows) {
    String tenant = tenant();
    LocalDate dt = LocalDate.ofInstant(base, ZoneOffset.UTC);
    Path dir = root.resolve("dt=" + dt).resolve("tenant=" + tenant);
    String name = String.format("settlement-%05d", nextFile++);
    byte[] content =
        (PAYMENTS_HEADER
                + "\np"
                + nextPaymentId++
                + ",1,"
                + tenant
                + ",1.00,EUR,"
                + dt.atStartOfDay(ZoneOffset.UTC).toInstant()
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    String manifest =
        manifest(tenant + "-" + dt + "-broken", name, wrongRows ? 7 : 1, sha256(content));
    if (!wrongRows) {
      content[content.length - 2] = '1';
    }
    writeAtomically(dir.resolve(name + ".csv"), content);
    writeAtomically(
        dir.resolve(name + ".manifest.json"), manifest.getBytes(StandardCharsets.UTF_8));
    expected.deliveries++;
    expected.bad(
        "payments",
        dir.resolve(name + ".manifest.json").toAbsolutePath().toString(),
        wrongRows ? "ROW_COUNT_MISMATCH" : "CHECKSUM_MISMATCH");
    return dir.resolve(name + ".manifest.json");
  }

  private void deliver(Delivery delivery) {
    String file = delivery.file().toAbsolutePath().toString();
    for (int i = 0; i < delivery.rows.size(); i++) {
      if (delivery.reasons.get(i) != null) {
        expected.bad("payments", file + ":" + (i + 2), delivery.reasons.get(i));
      }
    }
    expected.batch(delivery.batchId, delivery.payments);
    write(delivery);
  }

  private static void write(Delivery delivery) {
    StringBuilder csv = new StringBuilder(PAYMENTS_HEADER).append('\n');
    delivery.rows.forEach(row -> csv.append(row).append('\n'));
    byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
    writeDelivery(delivery.dir, delivery.name, delivery.batchId, content, delivery.rows.size());
  }

  /**
   * Writes a delivery the way a well-behaved producer does: the data file {@code name.csv}, then
   * {@code name.manifest.json} with the batch id, the row count and the SHA-256 of the bytes, each
   * put in place atomically (a hidden temp file renamed).
   */
  public static void writeDelivery(
      Path dir, String name, String batchId, byte[] content, long rows) {
    String manifest = manifest(batchId, name, rows, sha256(content));
    writeAtomically(dir.resolve(name + ".csv"), content);
    writeAtomically(
        dir.resolve(name + ".manifest.json"), manifest.getBytes(StandardCharsets.UTF_8));
  }

  private static String manifest(String batchId, String name, long rows, String sha256) {
    return "{\"batch_id\": \""
        + batchId
        + "\", \"file\": \""
        + name
        + ".csv\", \"rows\": "
        + rows
        + ", \"sha256\": \""
        + sha256
        + "\"}\n";
  }

  /** Writes {@code content} to {@code file} through a hidden temp file and an atomic rename. */
  public static void writeAtomically(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Order id, amount and currency a payment settles: mostly a known order, mostly its amount. */
  private String[] paidOrder(String tenant) {
    List<String> known = new ArrayList<>();
    for (String key : goodOrderKeys) {
      if (key.startsWith(tenant + "/")) {
        known.add(key);
      }
    }
    if (known.isEmpty() || random.nextInt(10) == 0) {
      long unknown = nextOrderId + 1_000 + random.nextInt(1_000);
      return new String[] {"" + unknown, amount().toPlainString(), pick(CURRENCIES)};
    }
    String key = known.get(random.nextInt(known.size()));
    BigDecimal amount = random.nextInt(5) == 0 ? amount() : orderAmounts.get(key);
    return new String[] {
      key.substring(key.indexOf('/') + 1), amount.toPlainString(), orderCurrencies.get(key)
    };
  }

  // ---------------------------------------------------------------- clicks

  /**
   * Produces {@code count} clicks to {@code partition} of {@code topic}, in event-time order with
   * jitter below one second, then {@code late} clicks an hour behind them (which must be LATE).
   * Each partition's clicks continue in event time from where its previous call ended, and every
   * partition starts at the same time, so partitions read side by side stay in step.
   */
  public void produceClicks(
      Producer<byte[], byte[]> producer, String topic, int partition, int count, int late) {
    int first = clickCursor.getOrDefault(partition, 0);
    clickCursor.put(partition, first + count);
    for (int i = 0; i < count + late; i++) {
      boolean isLate = i >= count;
      Instant ts =
          isLate
              ? clickStart.minusSeconds(3_600 + random.nextInt(600))
              : clickStart.plusMillis((first + i) * 250L + random.nextInt(900));
      produceClick(producer, topic, partition, ts, isLate);
      if (!isLate && lastGoodClick != null && random.nextDouble() < badShare / 4) {
        produceDuplicate(producer, topic, partition);
      }
    }
  }

  /**
   * Produces the last good click again (same key, value and timestamp, so the same tenant and event
   * id) to {@code partition}: a DUPLICATE within the dedupe retention.
   */
  public void produceDuplicate(Producer<byte[], byte[]> producer, String topic, int partition) {
    send(
        producer,
        new ProducerRecord<>(
            topic,
            partition,
            lastGoodClick.timestamp(),
            lastGoodClick.key(),
            lastGoodClick.value()),
        "DUPLICATE",
        null);
  }

  /** Produces clicks with event time {@code ts} until one is good; returns that one. */
  public ShopExpectations.Click produceGoodClick(
      Producer<byte[], byte[]> producer, String topic, int partition, Instant ts) {
    ShopExpectations.Click good = null;
    while (good == null) {
      good = produceClick(producer, topic, partition, ts, false);
    }
    return good;
  }

  /**
   * Produces one click with event time {@code ts} (bad with the configured share unless {@code
   * late}) and waits for the broker's acknowledgement.
   *
   * @param partition the partition, or null to let the key choose
   * @return the click if it is a good one, else null
   */
  public ShopExpectations.Click produceClick(
      Producer<byte[], byte[]> producer,
      String topic,
      Integer partition,
      Instant ts,
      boolean late) {
    String tenant = hotTenant();
    String eventId = "e" + nextEventId++;
    long customer = 1 + random.nextInt(CUSTOMERS_PER_TENANT);
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
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, partition, ts.toEpochMilli(), utf8(tenant), value);
    ShopExpectations.Click good =
        late || badReason != null
            ? null
            : new ShopExpectations.Click(tenant, eventId, customer, type, ts.toString());
    send(producer, record, late ? "LATE" : badReason, good);
    lastGoodClick = good != null ? record : lastGoodClick;
    return good;
  }

  private void send(
      Producer<byte[], byte[]> producer,
      ProducerRecord<byte[], byte[]> record,
      String badReason,
      ShopExpectations.Click good) {
    RecordMetadata meta;
    try {
      meta = producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while producing clicks", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot produce a click to " + record.topic(), e.getCause());
    }
    if (badReason != null) {
      String position = meta.topic() + "/" + meta.partition() + "/" + meta.offset();
      expected.bad("clicks", position, badReason);
    }
    expected.click(good);
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
