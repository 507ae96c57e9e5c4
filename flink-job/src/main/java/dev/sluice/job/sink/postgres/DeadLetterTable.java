package dev.sluice.job.sink.postgres;

import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SinkDef;

/** Where a pipeline's dead letters are kept in Postgres, for tools that read them. */
public record DeadLetterTable(PostgresEndpoint database, String table) {

  /** The dead-letter table of the first postgres sink that keeps one; fails when none does. */
  public static DeadLetterTable of(PipelineDefinition pipeline) {
    for (SinkDef sink : pipeline.sinks()) {
      if (sink.type().equals("postgres")
          && sink.options().getOptional(PostgresSinkOptions.DEAD_LETTERS).isPresent()) {
        return new DeadLetterTable(
            new PostgresSink(sink, pipeline).endpoint(),
            sink.options().get(PostgresSinkOptions.DEAD_LETTERS));
      }
    }
    throw new IllegalArgumentException(
        pipeline.file()
            + ": no postgres sink keeps the dead letters. Fix: give one dead-letters:"
            + " <schema.table>");
  }

  /** The table of replayed letters, beside the dead-letter table. */
  public String replays() {
    int dot = table.indexOf('.');
    return (dot > 0 ? table.substring(0, dot + 1) : "") + "dlq_replays";
  }
}
