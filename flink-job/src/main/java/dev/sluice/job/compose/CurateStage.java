package dev.sluice.job.compose;

import dev.sluice.job.factory.StagingContext.StagedTable;
import java.util.List;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;

/**
 * Transform/curate and marts in Flink SQL: registers the staged tables as views, then runs the
 * pipeline's SQL files in order; the views they define are what the sinks serve.
 */
public final class CurateStage {

  private CurateStage() {}

  public static void apply(
      StreamTableEnvironment tableEnv, List<StagedTable> staged, List<SqlScript> scripts) {
    for (StagedTable table : staged) {
      tableEnv.createTemporaryView(
          table.view(),
          table.mode().equals(ChangelogMode.insertOnly())
              ? tableEnv.fromDataStream(table.rows(), table.schema())
              : tableEnv.fromChangelogStream(table.rows(), table.schema(), table.mode()));
    }
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
  }
}
