package dev.sluice.connectors.postgres;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committer of the exactly-once Postgres sink. When a checkpoint completes, ONE transaction merges
 * the staged rows of all its batches into their targets, records each batch in the progress table
 * and deletes its staged rows. A batch already in the progress table is skipped, so a re-commit
 * after a restore is a no-op. With a dead-letter table, a merge the target rejects with a data
 * error is redone in bisected parts, each under its own savepoint, and each single row it rejects
 * becomes a dead letter in the same transaction.
 */
final class PostgresMergeCommitter implements Committer<PgBatch> {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresMergeCommitter.class);
  private static final int MAX_RETRIES = 10;

  private final PostgresEndpoint endpoint;
  private final String job;
  private final String sinkName;
  private final String stagingSchema;
  private final Map<String, PostgresTable> tables;
  private final long stagingRetentionSeconds;
  private final FailurePoint failures;
  private final Counter committedBatches;
  private final Counter committedRows;
  private final RejectedRows rejects;
  private final List<RejectedRows.Letter> letters = new ArrayList<>();
  private volatile long lastCommitMillis = -1;
  private Connection connection;

  PostgresMergeCommitter(
      PostgresEndpoint endpoint,
      String job,
      String sinkName,
      String stagingSchema,
      Map<String, PostgresTable> tables,
      long stagingRetentionSeconds,
      String rejectsTo,
      String jobId,
      FailurePoint failures,
      MetricGroup metrics) {
    this.endpoint = endpoint;
    this.job = job;
    this.sinkName = sinkName;
    this.stagingSchema = stagingSchema;
    this.tables = tables;
    this.stagingRetentionSeconds = stagingRetentionSeconds;
    this.failures = failures;
    this.committedBatches = metrics.counter("sluice_committed_batches");
    this.committedRows = metrics.counter("sluice_committed_rows");
    Counter rejected = metrics.counter("sluice_rejected_rows");
    this.rejects =
        rejectsTo == null ? null : new RejectedRows(tables.get(rejectsTo), job, jobId, rejected);
    metrics.gauge("sluice_last_commit_millis", () -> lastCommitMillis);
  }

  @Override
  public void commit(Collection<CommitRequest<PgBatch>> requests) throws IOException {
    List<CommitRequest<PgBatch>> ordered = new ArrayList<>(requests);
    ordered.sort(Comparator.comparingLong(r -> r.getCommittable().checkpointId));
    List<CommitRequest<PgBatch>> already = new ArrayList<>();
    long started = System.nanoTime();
    letters.clear();
    try {
      Connection c = connection();
      for (CommitRequest<PgBatch> request : ordered) {
        if (!mergeOnce(c, request.getCommittable())) {
          already.add(request);
        }
      }
      expireStaging(c);
      failures.reached("before-db-commit");
      c.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      for (CommitRequest<PgBatch> request : ordered) {
        if (request.getNumberOfRetries() < MAX_RETRIES) {
          request.retryLater();
        } else {
          request.signalFailedWithUnknownReason(e);
        }
      }
      LOG.warn("Commit of {} batches of sink {} failed; will retry", ordered.size(), sinkName, e);
      return;
    }
    for (RejectedRows.Letter letter : letters) {
      rejects.report(letter);
    }
    already.forEach(CommitRequest::signalAlreadyCommitted);
    lastCommitMillis = (System.nanoTime() - started) / 1_000_000;
    for (CommitRequest<PgBatch> request : ordered) {
      if (!already.contains(request)) {
        committedBatches.inc();
        committedRows.inc(request.getCommittable().rows);
      }
    }
    failures.reached("after-db-commit");
  }

  /** Merges one batch unless the progress table has it; false if it had. */
  private boolean mergeOnce(Connection c, PgBatch batch) throws SQLException {
    try (PreparedStatement seen =
        c.prepareStatement(
            "SELECT 1 FROM " + PgSinkSql.progressTable(stagingSchema) + " WHERE batch_id = ?")) {
      seen.setString(1, batch.batchId);
      try (ResultSet rs = seen.executeQuery()) {
        if (rs.next()) {
          return false;
        }
      }
    }
    for (String name : batch.tables) {
      PostgresTable table = tables.get(name);
      if (table == null) {
        throw new SQLException("Batch " + batch + " names table " + name + " unknown to the sink");
      }
      merge(c, table, batch);
      try (PreparedStatement drop =
          c.prepareStatement(
              "DELETE FROM " + table.stagingTable(stagingSchema) + " WHERE sluice_batch_id = ?")) {
        drop.setString(1, batch.batchId);
        drop.executeUpdate();
      }
    }
    failures.reached("after-merge-before-progress");
    try (PreparedStatement progress =
        c.prepareStatement(
            "INSERT INTO "
                + PgSinkSql.progressTable(stagingSchema)
                + " (batch_id, job, sink, subtask, checkpoint_id, rows, tables)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      progress.setString(1, batch.batchId);
      progress.setString(2, job);
      progress.setString(3, sinkName);
      progress.setInt(4, batch.subtask);
      progress.setLong(5, batch.checkpointId);
      progress.setLong(6, batch.rows);
      progress.setString(7, String.join(",", batch.tables));
      progress.executeUpdate();
    }
    return true;
  }

  /** Merges one table's rows of a batch; isolates rows the target rejects if the sink may. */
  private void merge(Connection c, PostgresTable table, PgBatch batch) throws SQLException {
    String merge = PgSinkSql.merge(table, stagingSchema, batch.uniqueKeys);
    if (rejects == null) {
      try {
        execute(c, merge, batch.batchId, null);
      } catch (SQLException e) {
        throw DataErrors.isDataError(e) ? DataErrors.notIsolated(table, e) : e;
      }
      return;
    }
    try {
      inSavepoint(c, () -> execute(c, merge, batch.batchId, null));
    } catch (SQLException e) {
      if (!DataErrors.isDataError(e)) {
        throw e;
      }
      Bisect.isolate(
          latestSeqs(c, table, batch),
          e,
          seqs ->
              inSavepoint(
                  c,
                  () ->
                      execute(
                          c,
                          PgSinkSql.mergeSeqs(table, stagingSchema),
                          batch.batchId,
                          c.createArrayOf("bigint", seqs.toArray()))),
          (seq, error) -> reject(c, table, batch, seq, error));
    }
  }

  private List<Long> latestSeqs(Connection c, PostgresTable table, PgBatch batch)
      throws SQLException {
    List<Long> seqs = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(PgSinkSql.latestSeqs(table, stagingSchema))) {
      q.setString(1, batch.batchId);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    return seqs;
  }

  /** Writes the dead letter of the staged row {@code seq}, in this transaction. */
  private void reject(
      Connection c, PostgresTable table, PgBatch batch, long seq, SQLException error)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(PgSinkSql.stagedRow(table, stagingSchema))) {
      q.setString(1, batch.batchId);
      q.setLong(2, seq);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        for (int i = 1; i <= table.columns().size(); i++) {
          values.add(rs.getString(i));
        }
      }
    }
    RejectedRows.Letter letter = rejects.letter(table, values, PgCsv.line(values), error);
    try (PreparedStatement insert = c.prepareStatement(PgSinkSql.insertLetter(rejects.table()))) {
      for (int i = 0; i < letter.values().size(); i++) {
        Object value = letter.values().get(i);
        insert.setObject(
            i + 1,
            value instanceof Instant
                ? OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC)
                : value);
      }
      insert.executeUpdate();
    }
    letters.add(letter);
  }

  /** Runs {@code body} under a savepoint: all of it, or none of it and its error is thrown. */
  private static void inSavepoint(Connection c, SqlBody body) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      body.run();
    } catch (SQLException e) {
      try {
        c.rollback(savepoint);
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    c.releaseSavepoint(savepoint);
  }

  private static void execute(Connection c, String sql, String batchId, Array seqs)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, batchId);
      if (seqs != null) {
        st.setObject(2, seqs);
      }
      st.executeUpdate();
    }
  }

  /** A statement that may fail. */
  private interface SqlBody {
    void run() throws SQLException;
  }

  /** The safety net for batches no writer will commit (e.g. of subtasks gone after a rescale). */
  private void expireStaging(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (PostgresTable table : tables.values()) {
        st.executeUpdate(
            "DELETE FROM "
                + table.stagingTable(stagingSchema)
                + " WHERE sluice_staged_at < now() - interval '"
                + stagingRetentionSeconds
                + " seconds'");
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || !connection.isValid(5)) {
      rollbackQuietly();
      connection = endpoint.connect();
      try (Statement st = connection.createStatement()) {
        // The merge sorts a checkpoint's changes by key; keep that sort in memory.
        st.execute("SET work_mem = '256MB'");
      }
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void rollbackQuietly() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        try {
          connection.close();
        } catch (SQLException alsoIgnored) {
          // the connection is broken; a new one is opened on the next commit
        }
        connection = null;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }
}
