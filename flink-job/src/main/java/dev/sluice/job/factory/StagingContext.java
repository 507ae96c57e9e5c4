package dev.sluice.job.factory;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.definition.ExpectationDef;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.progress.ProgressMark;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;

/**
 * What the sources' staging adds to the job: staged tables, dead letters, progress, ledger rows.
 */
public final class StagingContext {

  /**
   * A staged stream the SQL reads as the view {@code view}: the rows of table {@code table} (a
   * table definition's name), keyed by {@code key}, which must meet {@code expectations}.
   */
  public record StagedTable(
      String view,
      DataStream<Row> rows,
      Schema schema,
      ChangelogMode mode,
      String table,
      List<String> key,
      List<ExpectationDef> expectations) {

    /** A staged stream of {@code table} with the table's expectations and key. */
    public static StagedTable of(
        String view,
        DataStream<Row> rows,
        Schema schema,
        ChangelogMode mode,
        TableDef table,
        List<String> key) {
      return new StagedTable(view, rows, schema, mode, table.name(), key, table.expectations());
    }

    /** A staged stream with no expectations of its own. */
    public static StagedTable plain(
        String view, DataStream<Row> rows, Schema schema, ChangelogMode mode) {
      return new StagedTable(view, rows, schema, mode, view, List.of(), List.of());
    }
  }

  private final StreamExecutionEnvironment env;
  private final PipelineDefinition pipeline;
  private final boolean preflight;
  private final List<StagedTable> tables = new ArrayList<>();
  private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
  private final List<DataStream<ProgressMark>> progress = new ArrayList<>();
  private final List<DataStream<Row>> ledger = new ArrayList<>();

  /**
   * @param preflight false when the job is only composed to be checked offline: sources then
   *     connect to nothing
   */
  public StagingContext(
      StreamExecutionEnvironment env, PipelineDefinition pipeline, boolean preflight) {
    this.env = env;
    this.pipeline = pipeline;
    this.preflight = preflight;
  }

  public StreamExecutionEnvironment env() {
    return env;
  }

  public PipelineDefinition pipeline() {
    return pipeline;
  }

  /** The pipeline's name: the prefix of every operator uid, transactional id and dead letter. */
  public String name() {
    return pipeline.name();
  }

  /** Whether sources run their start-up checks against their servers. */
  public boolean preflight() {
    return preflight;
  }

  /** The pipeline's tenancy: which column holds the tenant, which tenants are served. */
  public Tenancy tenancy() {
    return Tenancy.of(pipeline);
  }

  public void table(StagedTable table) {
    tables.add(table);
  }

  public void deadLetters(DataStream<DeadLetter> letters) {
    deadLetters.add(letters);
  }

  public void progress(DataStream<ProgressMark> marks) {
    progress.add(marks);
  }

  /** Rows of {@code ops.batch_ledger} (see {@code BatchLedger}). */
  public void ledger(DataStream<Row> rows) {
    ledger.add(rows);
  }

  public List<StagedTable> tables() {
    return List.copyOf(tables);
  }

  public List<DataStream<DeadLetter>> deadLetters() {
    return List.copyOf(deadLetters);
  }

  public List<DataStream<ProgressMark>> progress() {
    return List.copyOf(progress);
  }

  public List<DataStream<Row>> ledger() {
    return List.copyOf(ledger);
  }
}
