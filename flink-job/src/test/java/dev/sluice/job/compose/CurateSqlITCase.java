package dev.sluice.job.compose;

import static org.apache.flink.table.api.Expressions.$;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.JobEnvironment;
import dev.sluice.job.ShopTables;
import dev.sluice.job.definition.SqlScript;
import dev.sluice.job.factory.StagingContext.StagedTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The curate and mart SQL on bounded staged input: salted aggregations equal unsalted ones, and
 * orders are enriched with the customer version valid when they were placed.
 */
class CurateSqlITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final List<SqlScript> SHOP_SQL =
      List.of(
          SqlScript.fromClasspath("sql/shop/10_staging.sql"),
          SqlScript.fromClasspath("sql/shop/20_curate.sql"),
          SqlScript.fromClasspath("sql/shop/30_marts.sql"));

  private static final String UNSALTED =
      "SELECT tenant_id, event_type, window_start, window_end, COUNT(*) AS events,"
          + " COUNT(DISTINCT customer_id) AS customers"
          + " FROM TABLE(TUMBLE(TABLE stg_clicks, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))"
          + " GROUP BY tenant_id, event_type, window_start, window_end";

  private static final String UNSALTED_FUNNEL =
      "WITH clicked AS ("
          + "  SELECT tenant_id, CAST(event_time AS DATE) AS funnel_date,"
          + "    SUM(CASE WHEN event_type = 'view' THEN 1 ELSE 0 END) AS page_views,"
          + "    SUM(CASE WHEN event_type = 'add_to_cart' THEN 1 ELSE 0 END) AS cart_adds,"
          + "    SUM(CASE WHEN event_type = 'checkout' THEN 1 ELSE 0 END) AS checkouts"
          + "  FROM stg_clicks GROUP BY tenant_id, CAST(event_time AS DATE)"
          + "), paid AS ("
          + "  SELECT tenant_id, order_date AS funnel_date, COUNT(*) AS paid_orders"
          + "  FROM cur_orders WHERE status IN ('PAID', 'SHIPPED') GROUP BY tenant_id, order_date"
          + ") SELECT COALESCE(c.tenant_id, p.tenant_id), COALESCE(c.funnel_date, p.funnel_date),"
          + "  CAST(COALESCE(c.page_views, 0) AS BIGINT), CAST(COALESCE(c.cart_adds, 0) AS BIGINT),"
          + "  CAST(COALESCE(c.checkouts, 0) AS BIGINT), COALESCE(p.paid_orders, 0)"
          + " FROM clicked c FULL OUTER JOIN paid p"
          + " ON c.tenant_id = p.tenant_id AND c.funnel_date = p.funnel_date";

  @Test
  void saltedAndUnsaltedClickAggregationsAreIdentical() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    StreamTableEnvironment tableEnv = JobEnvironment.tableEnvironment(env);
    CurateStage.apply(tableEnv, staged(env), SHOP_SQL, "test");

    List<String> salted = collect(tableEnv.from("mart_clicks_per_minute"));
    List<String> unsalted = collect(tableEnv.sqlQuery(UNSALTED));
    assertThat(salted).hasSizeGreaterThan(20).isEqualTo(unsalted);

    List<String> saltedFunnel = collect(tableEnv.from("mart_funnel_daily"));
    List<String> unsaltedFunnel = collect(tableEnv.sqlQuery(UNSALTED_FUNNEL));
    assertThat(saltedFunnel).isNotEmpty().isEqualTo(unsaltedFunnel);
  }

  /** 3,000 in-order clicks over 15 minutes; one tenant makes 80 % of them. */
  private static List<StagedTable> staged(StreamExecutionEnvironment env) {
    Random random = new Random(7);
    List<Row> clicks = new ArrayList<>();
    Instant start = Instant.parse("2026-11-20T10:00:00Z");
    String[] tenants = {"acme", "globex", "initech"};
    String[] types = {"view", "add_to_cart", "checkout"};
    for (int i = 0; i < 3_000; i++) {
      clicks.add(
          Row.of(
              random.nextDouble() < 0.8 ? "acme" : tenants[random.nextInt(3)],
              "e" + i,
              1L + random.nextInt(300),
              "s",
              types[random.nextInt(3)],
              "sku-1",
              start.plusMillis(i * 300L),
              "clicks/0/" + i,
              null));
    }
    DataStream<Row> clickStream =
        env.fromData(clicks, ShopTables.contract("clicks").rowType())
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Row>forBoundedOutOfOrderness(Duration.ZERO)
                    .withTimestampAssigner(
                        (row, ts) -> ((Instant) row.getField(6)).toEpochMilli()));
    Row order =
        Row.ofKind(
            RowKind.INSERT,
            "acme",
            1L,
            1L,
            "PAID",
            BigDecimal.ONE,
            "EUR",
            LocalDateTime.parse("2026-11-20T10:00:00"),
            1L);
    Row payment =
        Row.of(
            "acme",
            "p1",
            1L,
            BigDecimal.ONE,
            "EUR",
            LocalDateTime.parse("2026-11-20T10:00:00"),
            LocalDate.parse("2026-11-20"),
            "f",
            2L,
            "b1",
            null);
    Row customer =
        Row.ofKind(
            RowKind.INSERT,
            "acme",
            1L,
            "n",
            "smb",
            "DE",
            LocalDateTime.parse("2026-11-19T00:00:00"),
            1L);
    return tables(
        env.fromData(List.of(order), ShopTables.contract("orders").rowType()),
        env.fromData(List.of(customer), ShopTables.contract("customers").rowType()),
        env.fromData(List.of(payment), ShopTables.contract("payments").rowType()),
        clickStream);
  }

  private static List<StagedTable> tables(
      DataStream<Row> orders,
      DataStream<Row> customers,
      DataStream<Row> payments,
      DataStream<Row> clicks) {
    List<StagedTable> tables = new ArrayList<>();
    tables.add(ShopTables.orders(orders));
    tables.addAll(ShopTables.customers(customers, customers));
    tables.add(ShopTables.payments(payments));
    tables.add(ShopTables.clicks(clicks));
    return tables;
  }

  @Test
  void ordersGetTheCustomerVersionValidWhenTheyWerePlaced() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    StreamTableEnvironment tableEnv = JobEnvironment.tableEnvironment(env);
    Row early = order(1L, "2026-11-21T01:00:00");
    Row late = order(2L, "2026-11-21T08:00:00");
    Row v1 = customer(RowKind.INSERT, "smb", "2026-11-20T00:00:00");
    Row v2 = customer(RowKind.UPDATE_AFTER, "enterprise", "2026-11-21T02:00:00");
    List<StagedTable> staged = staged(env);
    staged.set(
        0,
        ShopTables.orders(
            env.fromData(List.of(early, late), ShopTables.contract("orders").rowType())));
    DataStream<Row> versions =
        env.fromData(List.of(v1, v2), ShopTables.contract("customers").rowType()).setParallelism(1);
    List<StagedTable> customers = ShopTables.customers(versions, versions);
    staged.set(1, customers.get(0));
    staged.set(2, customers.get(1));
    CurateStage.apply(tableEnv, staged, SHOP_SQL, "test");
    List<String> enriched =
        collect(tableEnv.from("cur_orders_enriched").select($("order_id"), $("customer_segment")));
    assertThat(enriched).containsExactly("+I[1, smb]", "+I[2, enterprise]");
  }

  private static Row order(long id, String createdAt) {
    return Row.ofKind(
        RowKind.INSERT,
        "acme",
        id,
        7L,
        "PAID",
        BigDecimal.TEN,
        "EUR",
        LocalDateTime.parse(createdAt),
        id);
  }

  private static Row customer(RowKind kind, String segment, String validFrom) {
    return Row.ofKind(kind, "acme", 7L, "n", segment, "DE", LocalDateTime.parse(validFrom), 1L);
  }

  /** The table's final rows: its changelog applied, as text, sorted. */
  private static List<String> collect(Table table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = table.execute().collect()) {
      it.forEachRemaining(
          row -> {
            RowKind kind = row.getKind();
            row.setKind(RowKind.INSERT);
            if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
              rows.add(row.toString());
            } else {
              rows.remove(row.toString());
            }
          });
    }
    rows.sort(null);
    return rows;
  }
}
