package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.factory.StagingContext.StagedTable;
import dev.sluice.job.source.cdc.CdcSourceFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * The shop pipeline's CDC source and its staging alone on the test's MiniCluster (parallelism 2),
 * its rows and dead letters as text lines, and the SQL the CDC tests run at the source.
 */
final class CdcStagingJob {

  private CdcStagingJob() {}

  /**
   * Starts the job (from {@code savepoint} unless it is null) and returns once it runs; its lines,
   * as written, arrive in {@link LineSink#lines} of {@code output}: {@code +I orders acme/1 10.50},
   * {@code dead REASON key detail} (LSNs in details as {@code lsn=N}).
   */
  static JobClient start(
      ShopTestBed bed, PipelineDefinition pipeline, String output, String savepoint)
      throws Exception {
    StreamExecutionEnvironment env = ShopTestBed.environment(pipeline, savepoint);
    StagingContext staging = new StagingContext(env, pipeline, true);
    new CdcSourceFactory().create(pipeline.source("shop-db"), pipeline).stage(staging);
    DataStream<Row> orders = table(staging, "stg_orders");
    DataStream<Row> customers = table(staging, "stg_customers");
    List<DataStream<DeadLetter>> letters = staging.deadLetters();
    DataStream<DeadLetter> dead = letters.get(0);
    for (DataStream<DeadLetter> more : letters.subList(1, letters.size())) {
      dead = dead.union(more);
    }
    orders
        .map(r -> text("orders", r) + " " + r.getField(4), Types.STRING)
        .union(
            customers.map(
                r -> text("customers", r) + " name=" + hash(r) + " " + r.getField(3), Types.STRING),
            dead.map(
                d ->
                    "dead "
                        + d.reason
                        + " "
                        + d.position.replaceAll(".*key=(\\S+).*", "$1")
                        + " "
                        + d.detail.replaceAll("lsn=\\d+", "lsn=N"),
                Types.STRING))
        .sinkTo(new LineSink(output))
        .name("lines");
    JobClient job = env.executeAsync("cdc-staging-" + bed.id);
    until(
        "the job to run",
        Duration.ofMinutes(1),
        () -> StackITCaseBase.status(job) == JobStatus.RUNNING);
    return job;
  }

  private static DataStream<Row> table(StagingContext staging, String view) {
    return staging.tables().stream()
        .filter(t -> t.view().equals(view))
        .map(StagedTable::rows)
        .findFirst()
        .orElseThrow();
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
