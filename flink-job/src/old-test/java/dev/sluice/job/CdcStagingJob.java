package dev.sluice.job;

import static dev.sluice.job.ShopTestBed.await;

import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.config.ShopOptions;
import dev.sluice.job.staging.ShopRules;
import dev.sluice.job.staging.StagingStage;
import dev.sluice.job.staging.StagingStage.Staged;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The pipeline's CDC source and staging alone on the test's MiniCluster (parallelism 2), its rows
 * and dead letters as text lines, and the SQL the CDC tests run at the source.
 */
final class CdcStagingJob {

  /** Debezium's value for an unchanged TOASTed column; each raw event carrying it adds a line. */
  static final String PLACEHOLDER = "__debezium_unavailable_value";

  private CdcStagingJob() {}

  /**
   * Starts the job (from the savepoint of {@code execution.savepoint.path} when the options name
   * one) and returns once it runs; its lines, as written, arrive in {@link LineSink#lines} of
   * {@code output}: {@code +I orders acme/1 10.50}, {@code dead REASON key detail} (LSNs in details
   * as {@code lsn=N}).
   */
  static JobClient start(ShopTestBed bed, Configuration options, String output) throws Exception {
    StreamExecutionEnvironment env = ShopTestBed.environment(options);
    DataStream<String> changeEvents =
        env.fromSource(
                ShopConnectors.changeEvents(options), WatermarkStrategy.noWatermarks(), "cdc")
            .uid("cdc");
    Staged staged =
        new StagingStage(
                "cdc-" + bed.id,
                options.get(ShopOptions.CDC_ORDERS_TABLE),
                options.get(ShopOptions.CDC_CUSTOMERS_TABLE),
                options.get(ShopOptions.CDC_SCHEMA_DRIFT),
                options.get(ShopOptions.CDC_REDELIVERY_RETENTION),
                new ShopRules(options.get(ShopOptions.TENANTS), List.of("EUR")),
                Duration.ofHours(1),
                options.get(ShopOptions.CLICKS_OUT_OF_ORDERNESS),
                options.get(ShopOptions.PAYMENTS_SCHEMA_DRIFT),
                options.get(ShopOptions.CLICKS_SCHEMA_DRIFT))
            .apply(
                changeEvents,
                none(changeEvents, FileBatch.class),
                none(changeEvents, KafkaRecord.class));
    staged
        .orders
        .map(r -> text("orders", r) + " " + r.getField(4), Types.STRING)
        .union(
            staged.customers.map(
                r -> text("customers", r) + " name=" + hash(r) + " " + r.getField(3), Types.STRING),
            staged.deadLetters.map(
                d ->
                    "dead "
                        + d.reason
                        + " "
                        + d.position.replaceAll(".*key=(\\S+).*", "$1")
                        + " "
                        + d.detail.replaceAll("lsn=\\d+", "lsn=N"),
                Types.STRING),
            changeEvents
                .filter(event -> event.contains(PLACEHOLDER))
                .map(event -> "raw event with " + PLACEHOLDER, Types.STRING))
        .sinkTo(new LineSink(output))
        .name("lines");
    JobClient job = env.executeAsync("cdc-staging-" + bed.id);
    await(
        "the job to run",
        Duration.ofMinutes(1),
        () -> StackITCaseBase.status(job) == JobStatus.RUNNING);
    return job;
  }

  /** A stream of {@code type} that stays empty (payments and clicks are not under test). */
  private static <T> DataStream<T> none(DataStream<String> any, Class<T> type) {
    return any.flatMap((String event, Collector<T> nothing) -> {}, TypeInformation.of(type));
  }

  private static String text(String table, Row r) {
    return r.getKind().shortString() + " " + table + " " + r.getField(0) + "/" + r.getField(1);
  }

  private static String hash(Row customer) {
    return customer.getField(2) == null ? "null" : String.valueOf(customer.getField(2).hashCode());
  }

  /** An INSERT of order {@code id} of acme with {@code amount}. */
  static String order(int id, String amount) {
    return "INSERT INTO orders (tenant_id, order_id, customer_id, status, amount, currency,"
        + " created_at) VALUES ('acme', "
        + id
        + ", 1, 'PAID', "
        + amount
        + ", 'EUR', now())";
  }

  /** Runs each statement at the source in its own transaction. */
  static void sql(ShopTestBed bed, String... statements) throws SQLException {
    try (Connection c = bed.source();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
