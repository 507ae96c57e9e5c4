package dev.sluice.connectors.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.postgresql.PGConnection;

/**
 * Writer of the exactly-once Postgres sink: keeps the last change per key (bounded), and writes
 * changes with {@code COPY} into the staging tables under this checkpoint's tag. The rows are
 * durable but invisible to readers of the targets until the committer merges them.
 */
final class PostgresStagingWriter implements CommittingSinkWriter<PgChange, PgBatch> {

  private final PostgresEndpoint endpoint;
  private final String sinkName;
  private final String stagingSchema;
  private final Map<String, PostgresTable> tables;
  private final int maxBufferedChanges;
  private final int subtask;
  private final String run = UUID.randomUUID().toString();
  private final FailurePoint failures;
  private final Map<String, PgChange> pending = new LinkedHashMap<>();
  private final TreeSet<String> stagedTables = new TreeSet<>();
  private long checkpointId;
  private long seq;
  private long stagedRows;
  private int stagedChunks;
  private final PostgresConnectionProvider connections;
  private final Counter stagedChanges;

  PostgresStagingWriter(
      PostgresEndpoint endpoint,
      String sinkName,
      String stagingSchema,
      Map<String, PostgresTable> tables,
      int maxBufferedChanges,
      int subtask,
      long restoredCheckpointId,
      FailurePoint failures,
      MetricGroup metrics)
      throws IOException {
    this.endpoint = endpoint;
    this.sinkName = sinkName;
    this.stagingSchema = stagingSchema;
    this.tables = tables;
    this.maxBufferedChanges = maxBufferedChanges;
    this.subtask = subtask;
    this.checkpointId = restoredCheckpointId + 1;
    this.failures = failures;
    this.connections = new PostgresConnectionProvider(endpoint);
    this.stagedChanges = metrics.counter("sluice_staged_changes");
    // Rows a failed attempt staged for a checkpoint that never completed are left alone: no
    // committable names their batch, so no merge reads them, and the committer's staging retention
    // removes them. Deleting them here is not safe: a batch of a checkpoint that completed while
    // its task died is merged by the restored committer only after this writer starts, and Flink
    // does not always tell a writer which checkpoint it was restored from (the chaos run lost such
    // a batch that way).
  }

  @Override
  public void write(PgChange change, Context context) throws IOException {
    if (!tables.containsKey(change.table)) {
      throw new IOException(
          "Sink " + sinkName + " has no table " + change.table + "; it writes " + tables.keySet());
    }
    pending.put(change.table + '\u0001' + change.key, change);
    if (pending.size() >= maxBufferedChanges) {
      stagePending();
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    // Staging happens in prepareCommit, once per checkpoint, after the last write before it.
  }

  @Override
  public Collection<PgBatch> prepareCommit() throws IOException {
    stagePending();
    failures.reached("after-staging-write");
    if (stagedRows == 0) {
      checkpointId++;
      return List.of();
    }
    // One chunk came from one compacted buffer: its keys are unique, the merge needs no dedupe.
    PgBatch batch =
        new PgBatch(
            batchId(),
            subtask,
            checkpointId,
            stagedRows,
            new ArrayList<>(stagedTables),
            stagedChunks == 1);
    checkpointId++;
    stagedRows = 0;
    stagedChunks = 0;
    stagedTables.clear();
    return List.of(batch);
  }

  private String batchId() {
    return sinkName + "/" + run + "/" + subtask + "/" + checkpointId;
  }

  /** COPYs the buffered changes, one COPY per table, each durable when it returns. */
  private void stagePending() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    Map<String, StringBuilder> byTable = new LinkedHashMap<>();
    String tag =
        PgCsv.quoted(batchId())
            + ","
            + PgCsv.quoted(sinkName)
            + ","
            + run
            + ","
            + subtask
            + ","
            + checkpointId
            + ",";
    for (PgChange change : pending.values()) {
      byTable
          .computeIfAbsent(change.table, t -> new StringBuilder())
          .append(tag)
          .append(seq++)
          .append(change.delete ? ",D," : ",U,")
          .append(change.csv)
          .append('\n');
    }
    try {
      Connection connection = connections.getOrEstablishConnection();
      for (Map.Entry<String, StringBuilder> entry : byTable.entrySet()) {
        PostgresTable table = tables.get(entry.getKey());
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                PgSinkSql.copyIn(table, stagingSchema),
                new StringReader(entry.getValue().toString()));
        stagedTables.add(table.name());
      }
    } catch (SQLException e) {
      connections.closeConnection();
      throw new IOException(
          "Staging " + pending.size() + " changes of sink " + sinkName + " failed", e);
    }
    stagedRows += pending.size();
    stagedChanges.inc(pending.size());
    stagedChunks++;
    pending.clear();
  }

  @Override
  public void close() {
    connections.closeConnection();
  }
}
