package dev.sluice.connectors.postgres;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Exactly-once Postgres sink without XA: a two-phase commit aligned with Flink checkpoints.
 *
 * <p>Between checkpoints the writer keeps the last change per merge key and {@code COPY}s changes
 * into staging tables tagged with (sink, run, subtask, checkpoint); the committable is that tag.
 * When the checkpoint completes the committer merges the tagged rows into the targets in one
 * transaction per checkpoint, with the batch recorded in a progress table so that a re-commit is a
 * no-op. Readers of the targets see each checkpoint whole or not at all, across all the sink's
 * tables; with a version column, never an older version over a newer one.
 *
 * <p>With {@link Builder#rejectsTo}, a row the target rejects with a data error (SQLSTATE class 22,
 * 23 or 54) is isolated by bisecting its batch and becomes a SINK_REJECTED dead letter in the same
 * checkpoint; everything else commits.
 *
 * <p>Run it with parallelism 1 for one transaction per checkpoint across all its tables; with
 * parallelism N each subtask commits its own keys in its own transaction.
 */
public final class PostgresExactlyOnceSink implements Sink<PgChange>, SupportsCommitter<PgBatch> {

  private static final long serialVersionUID = 1L;

  private final PostgresEndpoint endpoint;
  private final String job;
  private final String sinkName;
  private final String stagingSchema;
  private final Map<String, PostgresTable> tables;
  private final int maxBufferedChanges;
  private final long stagingRetentionSeconds;
  private final String rejectsTo;
  private final FailurePoint failures;

  private PostgresExactlyOnceSink(Builder b) {
    this.endpoint = b.endpoint;
    this.job = b.job;
    this.sinkName = b.sinkName;
    this.stagingSchema = b.stagingSchema;
    this.tables = new LinkedHashMap<>();
    b.tables.forEach(t -> tables.put(t.name(), t));
    this.maxBufferedChanges = b.maxBufferedChanges;
    this.stagingRetentionSeconds = b.stagingRetentionSeconds;
    this.rejectsTo = b.rejectsTo;
    this.failures = b.failures;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  @SuppressWarnings("deprecation")
  public CommittingSinkWriter<PgChange, PgBatch> createWriter(InitContext context)
      throws IOException {
    return new PostgresStagingWriter(
        endpoint,
        sinkName,
        stagingSchema,
        tables,
        maxBufferedChanges,
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getRestoredCheckpointId().orElse(0L),
        job,
        rejectsTo,
        context.getJobInfo().getJobId().toString(),
        failures,
        context.metricGroup());
  }

  @Override
  public Committer<PgBatch> createCommitter(CommitterInitContext context) {
    return new PostgresMergeCommitter(
        endpoint,
        job,
        sinkName,
        stagingSchema,
        tables,
        stagingRetentionSeconds,
        rejectsTo,
        context.getJobInfo().getJobId().toString(),
        failures,
        context.metricGroup());
  }

  @Override
  public SimpleVersionedSerializer<PgBatch> getCommittableSerializer() {
    return new PgBatch.Serializer();
  }

  /** Builds the sink; {@link #build()} runs the preflight against the database. */
  public static final class Builder {
    private PostgresEndpoint endpoint;
    private String job = "sluice";
    private String sinkName;
    private String stagingSchema = "sluice_staging";
    private final List<PostgresTable> tables = new ArrayList<>();
    private int maxBufferedChanges = 50_000;
    private long stagingRetentionSeconds = 24 * 3600;
    private String rejectsTo;
    private FailurePoint failures = FailurePoint.NONE;

    private Builder() {}

    /** Where to write; credentials come from the endpoint's environment variable or file. */
    public Builder endpoint(PostgresEndpoint endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The pipeline, recorded with each committed batch. */
    public Builder job(String job) {
      this.job = job;
      return this;
    }

    /** A name unique among the sinks writing to this database; stable across restarts. */
    public Builder sinkName(String sinkName) {
      this.sinkName = sinkName;
      return this;
    }

    /** Schema of the staging and progress tables (default {@code sluice_staging}). */
    public Builder stagingSchema(String stagingSchema) {
      this.stagingSchema = stagingSchema;
      return this;
    }

    /** A target table; a sink may write several, committed together. */
    public Builder table(PostgresTable table) {
      tables.add(table);
      return this;
    }

    /** Changes kept in memory before they are staged (bounds the writer's memory). */
    public Builder maxBufferedChanges(int maxBufferedChanges) {
      this.maxBufferedChanges = maxBufferedChanges;
      return this;
    }

    /**
     * Staged rows older than this are deleted: batches no writer will commit. Like Kafka's
     * transaction timeout, it must outlast a checkpoint interval plus the longest outage.
     */
    public Builder stagingRetentionSeconds(long seconds) {
      this.stagingRetentionSeconds = seconds;
      return this;
    }

    /**
     * Rows the target rejects with a data error (SQLSTATE class 22, 23 or 54: a NUL in a text, a
     * value too long, a constraint violated, a key too big for its index) become SINK_REJECTED dead
     * letters in {@code deadLetterTable} — one of this sink's tables, with the columns of {@code
     * DeadLetterSinks.TABLE_DDL} — committed with the rest of their checkpoint. Without it, such an
     * error fails the commit, and the job, as any other.
     */
    public Builder rejectsTo(String deadLetterTable) {
      this.rejectsTo = deadLetterTable;
      return this;
    }

    Builder failures(FailurePoint failures) {
      this.failures = failures;
      return this;
    }

    /** Checks the targets, creates the staging and progress tables, and builds the sink. */
    public PostgresExactlyOnceSink build() {
      if (endpoint == null || sinkName == null || tables.isEmpty()) {
        throw new IllegalArgumentException("A Postgres sink needs an endpoint, a name and tables");
      }
      if (rejectsTo != null) {
        RejectedRows.check(rejectsTo, tables);
      }
      PostgresSinkPreflight.run(endpoint, stagingSchema, tables);
      return new PostgresExactlyOnceSink(this);
    }
  }
}
