package dev.sluice.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.curate.CurateStage;
import dev.sluice.job.curate.CurateStage.Marts;
import dev.sluice.job.curate.SqlScript;
import dev.sluice.job.staging.StagedTables;
import dev.sluice.job.staging.StagingStage.Staged;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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

/** The salted two-phase click aggregation gives exactly the unsalted result on skewed input. */
class SaltedAggregationITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String UNSALTED =
      "SELECT tenant_id, event_type, window_start, window_end, COUNT(*) AS events,"
          + " COUNT(DISTINCT customer_id) AS customers"
          + " FROM TABLE(TUMBLE(TABLE stg_clicks, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))"
          + " GROUP BY tenant_id, event_type, window_start, window_end";

  @Test
  void saltedAndUnsaltedClicksPerMinuteAreIdentical() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    StreamTableEnvironment tableEnv = JobEnvironment.tableEnvironment(env);
    Marts marts =
        new CurateStage(
                List.of(
                    SqlScript.fromClasspath("sql/shop/20_curate.sql"),
                    SqlScript.fromClasspath("sql/shop/30_marts.sql")))
            .apply(tableEnv, staged(env));

    List<String> salted = collect(marts.clicksPerMinute);
    List<String> unsalted = collect(tableEnv.sqlQuery(UNSALTED));

    assertThat(salted).hasSizeGreaterThan(20).isEqualTo(unsalted);
  }

  /** 3,000 in-order clicks over 15 minutes; one tenant makes 80 % of them. */
  private static Staged staged(StreamExecutionEnvironment env) {
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
              "clicks/0/" + i));
    }
    DataStream<Row> clickStream =
        env.fromData(clicks, StagedTables.CLICKS_TYPE)
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
            2L);
    return new Staged(
        env.fromData(List.of(order), StagedTables.ORDERS_TYPE),
        env.fromData(List.of(payment), StagedTables.PAYMENTS_TYPE),
        clickStream,
        env.fromData(List.of(new DeadLetter()), TypeInformation.of(DeadLetter.class)));
  }

  private static List<String> collect(Table table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = table.execute().collect()) {
      it.forEachRemaining(row -> rows.add(row.toString()));
    }
    rows.sort(null);
    return rows;
  }
}
