package dev.sluice.job.sink.postgres;

import static dev.sluice.job.sink.postgres.PostgresSinkOptions.*;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SinkDef;
import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.SinkFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** {@code type: postgres} — views into tables, exactly once, one transaction per checkpoint. */
public final class PostgresSinkFactory implements SinkFactory {

  @Override
  public String type() {
    return "postgres";
  }

  @Override
  public String description() {
    return "Serves views into Postgres tables exactly once without XA: every table of the sink"
        + " (and its dead-letter, progress and ledger tables) changes in one transaction per"
        + " checkpoint, merged by each table's primary key. A row the database rejects (a"
        + " constraint, a value too long) is bisected out and becomes a SINK_REJECTED dead"
        + " letter instead of stalling the commit.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(URL);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        USERNAME,
        PASSWORD_ENV,
        PASSWORD_FILE,
        DDL,
        STAGING_RETENTION,
        DEAD_LETTERS,
        PROGRESS,
        BATCH_LEDGER);
  }

  @Override
  public String targetSection() {
    return "tables";
  }

  @Override
  public ConfigOption<String> targetShorthand() {
    return TABLE;
  }

  @Override
  public Set<ConfigOption<?>> requiredTargetOptions() {
    return Set.of(TABLE);
  }

  @Override
  public Set<ConfigOption<?>> optionalTargetOptions() {
    return Set.of();
  }

  @Override
  public PipelineSink create(SinkDef sink, PipelineDefinition pipeline) {
    return new PostgresSink(sink, pipeline);
  }
}
