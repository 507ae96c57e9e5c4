package dev.sluice.job.serve;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.postgres.PgChangeEncoder;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.job.ShopSinks;
import dev.sluice.job.curate.CurateStage.Marts;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/** Serve: fans the marts and the dead letters out to their sinks. */
public final class ServeStage {

  private final String pipeline;
  private final PostgresTable revenueTable;

  /**
   * @param revenueTable the Postgres table of the revenue mart, its columns in the view's order
   */
  public ServeStage(String pipeline, PostgresTable revenueTable) {
    this.pipeline = pipeline;
    this.revenueTable = revenueTable;
  }

  /** Attaches every sink. */
  public void apply(
      StreamTableEnvironment tableEnv,
      Marts marts,
      DataStream<DeadLetter> deadLetters,
      ShopSinks sinks) {
    // One writer and one committer: each checkpoint lands in one Postgres transaction across all
    // mart tables. Every key's changes come from one upstream subtask, so they arrive in order.
    // Unchained, the committer's merge runs beside the writer's next COPY, not in its thread.
    tableEnv
        .toChangelogStream(marts.tenantDailyRevenue)
        .map(new PgChangeEncoder(revenueTable))
        .uid(pipeline + "-encode-tenant-daily-revenue")
        .name("encode: marts.tenant_daily_revenue")
        .sinkTo(sinks.marts)
        .setParallelism(1)
        .disableChaining()
        .uid(pipeline + "-serve-marts")
        .name("serve: postgres marts (exactly once)");
    tableEnv
        .toDataStream(marts.clicksPerMinute)
        .sinkTo(sinks.clicksPerMinute)
        .uid(pipeline + "-serve-clicks-per-minute")
        .name("serve: kafka clicks_per_minute");
    deadLetters
        .sinkTo(sinks.deadLetterTopic)
        .uid(pipeline + "-serve-dead-letter-topic")
        .name("serve: kafka dead_letters");
    deadLetters
        .sinkTo(sinks.deadLetterTable)
        .uid(pipeline + "-serve-dead-letter-table")
        .name("serve: postgres ops.dead_letters");
  }
}
