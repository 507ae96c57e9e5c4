package dev.sluice.job.compose;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.definition.SqlScript;
import dev.sluice.job.factory.StagingContext.StagedTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Transform/curate and marts in Flink SQL: registers the staged tables as views (checked against
 * their expectations), then runs the pipeline's SQL files in order; the views they define are what
 * the sinks serve.
 */
public final class CurateStage {

  private CurateStage() {}

  /**
   * Registers {@code staged} (each checked against its expectations), runs {@code scripts}; returns
   * the dead letters of broken expectations.
   */
  public static List<DataStream<DeadLetter>> apply(
      StreamTableEnvironment tableEnv,
      List<StagedTable> staged,
      List<SqlScript> scripts,
      String pipeline) {
    List<DataStream<DeadLetter>> letters = new ArrayList<>();
    for (StagedTable table : staged) {
      DataStream<DeadLetter> broken = Expectations.register(tableEnv, table, pipeline);
      if (broken != null) {
        letters.add(broken);
      }
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
    return letters;
  }
}
