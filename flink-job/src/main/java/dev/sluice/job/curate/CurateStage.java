package dev.sluice.job.curate;

import dev.sluice.job.staging.StagedTables;
import dev.sluice.job.staging.StagingStage.Staged;
import java.util.List;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;

/**
 * Transform/curate and marts in Flink SQL: registers the staged streams as tables, runs the
 * pipeline's numbered SQL files in order and hands back the mart views.
 */
public final class CurateStage {

  /** The marts the SQL defines, as tables. */
  public static final class Marts {
    public final Table tenantDailyRevenue;
    public final Table clicksPerMinute;

    Marts(Table tenantDailyRevenue, Table clicksPerMinute) {
      this.tenantDailyRevenue = tenantDailyRevenue;
      this.clicksPerMinute = clicksPerMinute;
    }
  }

  private final List<SqlScript> scripts;

  public CurateStage(List<SqlScript> scripts) {
    this.scripts = scripts;
  }

  /** Registers {@code staged}, runs the scripts, returns the marts. */
  public Marts apply(StreamTableEnvironment tableEnv, Staged staged) {
    tableEnv.createTemporaryView(
        StagedTables.ORDERS,
        tableEnv.fromChangelogStream(
            staged.orders, StagedTables.ordersSchema(), ChangelogMode.upsert()));
    tableEnv.createTemporaryView(
        StagedTables.PAYMENTS,
        tableEnv.fromDataStream(staged.payments, StagedTables.paymentsSchema()));
    tableEnv.createTemporaryView(
        StagedTables.CLICKS, tableEnv.fromDataStream(staged.clicks, StagedTables.clicksSchema()));
    for (SqlScript script : scripts) {
      for (String statement : script.statements()) {
        try {
          tableEnv.executeSql(statement);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              script.name() + ": statement failed: " + e.getMessage() + "\n" + statement, e);
        }
      }
    }
    return new Marts(
        tableEnv.from("mart_tenant_daily_revenue"), tableEnv.from("mart_clicks_per_minute"));
  }
}
