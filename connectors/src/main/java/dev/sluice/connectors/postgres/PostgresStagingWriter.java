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
 * durable but invisible to readers of the targets until the committer merges them. With a
 * dead-letter table, a COPY the target rejects with a data error is redone in bisected parts, and
 * each single row it rejects is staged as a dead letter under the same checkpoint's tag.
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
  private final RejectedRows rejects;

  PostgresStagingWriter(
      PostgresEndpoint endpoint,
      String sinkName,
      String stagingSchema,
      Map<String, PostgresTable> tables,
      int maxBufferedChanges,
      int subtask,
      long restoredCheckpointId,
      String job,
      String rejectsTo,
      String jobId,
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
    Counter rejected = metrics.counter("sluice_rejected_rows");
    this.rejects =
        rejectsTo == null ? null : new RejectedRows(tables.get(rejectsTo), job, jobId, rejected);
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
    Map<String, List<Line>> byTable = new LinkedHashMap<>();
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
          .computeIfAbsent(change.table, t -> new ArrayList<>())
          .add(new Line(change, tag + seq++ + (change.delete ? ",D," : ",U,") + change.csv));
    }
    try {
      // Auto-commit, as PostgresEndpoint.connect opens it: each COPY is a transaction of its own,
      // and a rejected one leaves nothing staged, so its rows can be staged again in parts.
      Connection connection = connections.getOrEstablishConnection();
      List<RejectedRows.Letter> letters = new ArrayList<>();
      for (Map.Entry<String, List<Line>> entry : byTable.entrySet()) {
        PostgresTable table = tables.get(entry.getKey());
        stage(connection, table, entry.getValue(), letters);
        stagedTables.add(table.name());
      }
      if (!letters.isEmpty()) {
        List<String> lines = new ArrayList<>();
        for (RejectedRows.Letter letter : letters) {
          lines.add(tag + seq++ + ",U," + RejectedRows.csv(letter));
        }
        // Not bisected: a letter is escaped to be writable; if it is not, fail, never loop.
        copy(connection, rejects.table(), lines);
        stagedTables.add(rejects.table().name());
        // Letters may share a key with each other or a staged change: the merge must pick one.
        stagedChunks++;
        for (RejectedRows.Letter letter : letters) {
          rejects.report(letter);
        }
      }
    } catch (SQLException e) {
      connections.closeConnection();
      throw new IOException(
          "Staging "
              + pending.size()
              + " changes of sink "
              + sinkName
              + " failed: "
              + e.getMessage(),
          e);
    }
    stagedRows += pending.size();
    stagedChanges.inc(pending.size());
    stagedChunks++;
    pending.clear();
  }

  /** COPYs one table's lines; on a data error, the ones the target rejects become letters. */
  private void stage(
      Connection connection,
      PostgresTable table,
      List<Line> lines,
      List<RejectedRows.Letter> letters)
      throws SQLException {
    try {
      copy(connection, table, lines.stream().map(Line::text).toList());
    } catch (SQLException e) {
      if (!DataErrors.isDataError(e)) {
        throw e;
      }
      if (rejects == null) {
        throw DataErrors.notIsolated(table, e);
      }
      Bisect.isolate(
          lines,
          e,
          part -> copy(connection, table, part.stream().map(Line::text).toList()),
          (line, error) ->
              letters.add(
                  rejects.letter(table, PgCsv.fields(line.change.csv), line.change.csv, error)));
    }
  }

  private void copy(Connection connection, PostgresTable table, List<String> lines)
      throws SQLException {
    StringBuilder data = new StringBuilder();
    for (String line : lines) {
      data.append(line).append('\n');
    }
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(PgSinkSql.copyIn(table, stagingSchema), new StringReader(data.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY into the staging of " + table.name() + " failed", e);
    }
  }

  /** A change and its line of COPY data. */
  private record Line(PgChange change, String text) {}

  @Override
  public void close() {
    connections.closeConnection();
  }
}
