package dev.sluice.job.curate;

import dev.sluice.job.staging.StagedTables;
import dev.sluice.job.staging.StagingStage.Staged;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.RowKind;

/**
 * Transform/curate and marts in Flink SQL: registers the staged streams as tables, runs the
 * pipeline's numbered SQL files in order and hands back the views they define.
 */
public final class CurateStage {

  /** The views the SQL defined, by name. */
  public static final class Marts {
    private final StreamTableEnvironment tableEnv;

    Marts(StreamTableEnvironment tableEnv) {
      this.tableEnv = tableEnv;
    }

    /** The view {@code name}; fails naming the views that exist when the SQL lacks it. */
    public Table view(String name) {
      List<String> views = Arrays.asList(tableEnv.listViews());
      if (!views.contains(name)) {
        throw new IllegalArgumentException(
            "The pipeline's SQL defines no view '" + name + "'; it defines " + views);
      }
      return tableEnv.from(name);
    }
  }

  private static final ChangelogMode INSERT_DELETE =
      ChangelogMode.newBuilder()
          .addContainedKind(RowKind.INSERT)
          .addContainedKind(RowKind.DELETE)
          .build();

  private final List<SqlScript> scripts;

  public CurateStage(List<SqlScript> scripts) {
    this.scripts = scripts;
  }

  /** Registers {@code staged}, runs the scripts, returns the views. */
  public Marts apply(StreamTableEnvironment tableEnv, Staged staged) {
    tableEnv.createTemporaryView(
        StagedTables.ORDERS,
        tableEnv.fromChangelogStream(
            staged.orders, StagedTables.ordersSchema(), ChangelogMode.upsert()));
    tableEnv.createTemporaryView(
        StagedTables.CUSTOMERS,
        tableEnv.fromChangelogStream(
            staged.customers, StagedTables.customersSchema(), ChangelogMode.upsert()));
    tableEnv.createTemporaryView(
        StagedTables.CUSTOMER_VERSIONS,
        tableEnv.fromChangelogStream(
            staged.customerVersions,
            StagedTables.customerVersionsSchema(),
            ChangelogMode.upsert()));
    tableEnv.createTemporaryView(
        StagedTables.PAYMENTS,
        tableEnv.fromChangelogStream(
            staged.payments, StagedTables.paymentsSchema(), INSERT_DELETE));
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
    return new Marts(tableEnv);
  }
}
