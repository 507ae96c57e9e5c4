package dev.sluice.stack.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The shop pipeline's outputs computed independently, in plain Postgres SQL over the raw inputs:
 * the source tables as they stand and the generator's record of customer versions, good payments
 * (each batch's latest delivery) and good clicks. The staging rules are restated here, not reused.
 * Each oracle query has a mart query that reads the same columns back from the warehouse.
 */
public final class ShopOracle {

  private ShopOracle() {}

  /** An order the pipeline accepts. */
  private static final String VALID_ORDER =
      " status IN ('PENDING', 'PAID', 'SHIPPED', 'CANCELLED') AND amount >= 0"
          + " AND currency IN ('EUR', 'USD', 'GBP')"
          + " AND tenant_id IN ('acme', 'globex', 'initech', 'umbrella', 'hooli') ";

  public static final String REVENUE =
      "WITH booked AS ("
          + "  SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date AS revenue_date, currency,"
          + "         count(*) AS order_count, sum(amount) AS order_amount"
          + "  FROM orders WHERE status <> 'CANCELLED' AND"
          + VALID_ORDER
          + "  GROUP BY 1, 2, 3"
          + "), settled AS ("
          + "  SELECT tenant_id, (settled_at AT TIME ZONE 'UTC')::date AS revenue_date, currency,"
          + "         count(*) AS payment_count, sum(amount) AS settled_amount"
          + "  FROM oracle_payments GROUP BY 1, 2, 3"
          + ")"
          + " SELECT tenant_id, revenue_date, currency, coalesce(order_count, 0),"
          + "   coalesce(order_amount, 0)::numeric(18,2), coalesce(payment_count, 0),"
          + "   coalesce(settled_amount, 0)::numeric(18,2)"
          + " FROM booked FULL JOIN settled USING (tenant_id, revenue_date, currency)";

  public static final String REVENUE_MART =
      "SELECT tenant_id, revenue_date, currency, order_count, order_amount, payment_count,"
          + " settled_amount FROM marts.tenant_daily_revenue";

  /** Each order with the customer version valid at its created_at. */
  public static final String ENRICHED =
      "SELECT o.tenant_id, o.order_id, o.customer_id, o.status, o.amount, o.currency,"
          + "  o.created_at AT TIME ZONE 'UTC', (o.created_at AT TIME ZONE 'UTC')::date,"
          + "  v.name, v.segment, v.country, v.valid_from AT TIME ZONE 'UTC'"
          + " FROM (SELECT * FROM orders WHERE"
          + VALID_ORDER
          + ") o LEFT JOIN LATERAL ("
          + "   SELECT * FROM oracle_customer_versions v"
          + "   WHERE v.tenant_id = o.tenant_id AND v.customer_id = o.customer_id"
          + "     AND v.valid_from <= o.created_at"
          + "   ORDER BY v.valid_from DESC LIMIT 1) v ON true";

  public static final String ENRICHED_MART =
      "SELECT tenant_id, order_id, customer_id, status, amount, currency, created_at, order_date,"
          + " customer_name, customer_segment, customer_country, customer_valid_from"
          + " FROM curated.orders_enriched";

  public static final String RECONCILIATION =
      "WITH due AS ("
          + "  SELECT tenant_id, order_id, status,"
          + "    CASE WHEN status = 'CANCELLED' THEN 0 ELSE amount END AS due_amount"
          + "  FROM orders WHERE"
          + VALID_ORDER
          + "), paid AS ("
          + "  SELECT tenant_id, order_id, count(*) AS n, sum(amount) AS total"
          + "  FROM oracle_payments GROUP BY 1, 2"
          + ")"
          + " SELECT tenant_id, order_id, due_amount::numeric(18,2),"
          + "   coalesce(total, 0)::numeric(18,2), coalesce(n, 0),"
          + "   CASE WHEN due.order_id IS NULL THEN 'UNKNOWN_ORDER'"
          + "        WHEN paid.order_id IS NULL AND status IN ('PAID', 'SHIPPED')"
          + "          THEN 'MISSING_PAYMENT'"
          + "        WHEN paid.order_id IS NULL THEN 'NOT_DUE'"
          + "        WHEN total <> due_amount THEN 'AMOUNT_MISMATCH'"
          + "        ELSE 'MATCHED' END"
          + " FROM due FULL JOIN paid USING (tenant_id, order_id)";

  public static final String RECONCILIATION_MART =
      "SELECT tenant_id, order_id, due_amount, paid_amount, payment_count, reconciliation_status"
          + " FROM marts.payment_reconciliation";

  public static final String FUNNEL =
      "WITH clicked AS ("
          + "  SELECT tenant_id, (ts AT TIME ZONE 'UTC')::date AS d,"
          + "    count(*) FILTER (WHERE event_type = 'view') AS page_views,"
          + "    count(*) FILTER (WHERE event_type = 'add_to_cart') AS cart_adds,"
          + "    count(*) FILTER (WHERE event_type = 'checkout') AS checkouts"
          + "  FROM oracle_clicks GROUP BY 1, 2"
          + "), paid AS ("
          + "  SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n"
          + "  FROM orders WHERE status IN ('PAID', 'SHIPPED') AND"
          + VALID_ORDER
          + "  GROUP BY 1, 2"
          + ")"
          + " SELECT tenant_id, d, coalesce(page_views, 0), coalesce(cart_adds, 0),"
          + "   coalesce(checkouts, 0), coalesce(n, 0)"
          + " FROM clicked FULL JOIN paid USING (tenant_id, d)";

  public static final String FUNNEL_MART =
      "SELECT tenant_id, funnel_date, page_views, cart_adds, checkouts, paid_orders FROM marts.funnel_daily";

  /** Sessions: a click 10 minutes or more after the customer's previous one starts a new one. */
  public static final String CUSTOMER_360 =
      "WITH ordered AS ("
          + "  SELECT tenant_id, customer_id, count(*) AS n,"
          + "    max(created_at AT TIME ZONE 'UTC') AS last_order_at"
          + "  FROM orders WHERE status <> 'CANCELLED' AND"
          + VALID_ORDER
          + "  GROUP BY 1, 2"
          + "), marked AS ("
          + "  SELECT tenant_id, customer_id, ts,"
          + "    CASE WHEN lag(ts) OVER w IS NULL OR ts - lag(ts) OVER w >= interval '10 minutes'"
          + "      THEN 1 ELSE 0 END AS starts"
          + "  FROM oracle_clicks WINDOW w AS (PARTITION BY tenant_id, customer_id ORDER BY ts)"
          + "), numbered AS ("
          + "  SELECT tenant_id, customer_id, ts, sum(starts) OVER ("
          + "    PARTITION BY tenant_id, customer_id ORDER BY ts ROWS UNBOUNDED PRECEDING) AS s"
          + "  FROM marked"
          + "), sessions AS ("
          + "  SELECT tenant_id, customer_id, s, count(*) AS events,"
          + "    max(ts) + interval '10 minutes' AS session_end"
          + "  FROM numbered GROUP BY 1, 2, 3"
          + "), browsed AS ("
          + "  SELECT tenant_id, customer_id, count(*) AS sessions, sum(events) AS clicks,"
          + "    max(session_end AT TIME ZONE 'UTC') AS last_seen_at"
          + "  FROM sessions GROUP BY 1, 2"
          + ")"
          + " SELECT c.tenant_id, c.customer_id, c.name, c.segment, c.country, coalesce(o.n, 0),"
          + "   o.last_order_at, coalesce(b.sessions, 0), coalesce(b.clicks, 0), b.last_seen_at"
          + " FROM customers c"
          + " LEFT JOIN ordered o USING (tenant_id, customer_id)"
          + " LEFT JOIN browsed b USING (tenant_id, customer_id)";

  public static final String CUSTOMER_360_MART =
      "SELECT tenant_id, customer_id, name, segment, country, order_count, last_order_at,"
          + " session_count, click_count, last_seen_at FROM marts.customer_360";

  /** Clicks per tenant, event type and minute, in the JSON shape of the curated topic. */
  public static final String CLICKS_PER_MINUTE =
      "SELECT tenant_id || '|' || event_type || '|'"
          + " || to_char(date_trunc('minute', ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD\"T\"HH24:MI:SS')"
          + " || '|' || count(*) || '|' || count(DISTINCT customer_id)"
          + " FROM oracle_clicks"
          + " GROUP BY tenant_id, event_type, date_trunc('minute', ts AT TIME ZONE 'UTC')";

  /** A mart table, its oracle query over the inputs and the query reading it back. */
  public record Mart(String table, String oracle, String read) {}

  /** Every mart table the pipeline writes to the warehouse. */
  public static final List<Mart> MARTS =
      List.of(
          new Mart("marts.tenant_daily_revenue", REVENUE, REVENUE_MART),
          new Mart("curated.orders_enriched", ENRICHED, ENRICHED_MART),
          new Mart("marts.payment_reconciliation", RECONCILIATION, RECONCILIATION_MART),
          new Mart("marts.funnel_daily", FUNNEL, FUNNEL_MART),
          new Mart("marts.customer_360", CUSTOMER_360, CUSTOMER_360_MART));

  /**
   * A dead letter's position as the generator names the record: a file's path (without {@code
   * file:}), an order's {@code tenant/order_id} key, anything else as it is.
   */
  public static String generatorPosition(String source, String position) {
    String path = position.replaceFirst("^file:/*", "/");
    return source.equals("orders") ? path.replaceAll(".*key=(\\S+).*", "$1") : path;
  }

  /** The {@code tenant|customer} a customer_360 row starts with (the row itself if it has none). */
  public static String customerOf(String row) {
    String[] cols = row.split("\\|", 3);
    return cols.length < 3 ? row : cols[0] + "|" + cols[1];
  }

  /** Loads everything the queries above need besides the source tables (run once). */
  public static void load(Connection c, ShopExpectations expected) throws SQLException {
    loadPayments(c, expected);
    loadCustomerVersions(c, expected);
    loadClicks(c, expected);
  }

  /**
   * Loads the generator's good payments into {@code oracle_payments} of the source database {@code
   * c}.
   */
  public static void loadPayments(Connection c, ShopExpectations expected) throws SQLException {
    try (Statement st = c.createStatement()) {
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
  public static void loadCustomerVersions(Connection c, ShopExpectations expected)
      throws SQLException {
    try (Statement st = c.createStatement()) {
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

  /**
   * Loads the generator's good clicks into {@code oracle_clicks} of the source database {@code c}.
   */
  public static void loadClicks(Connection c, ShopExpectations expected) throws SQLException {
    try (Statement st = c.createStatement()) {
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
}
