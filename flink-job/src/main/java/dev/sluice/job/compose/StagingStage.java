package dev.sluice.job.compose;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressTracker;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/**
 * Ingest/staging: each source isolated in its own operators, parsed and validated against its
 * contracts; rejects become dead letters; progress marks become the rows of "complete up to".
 */
final class StagingStage {

  /** What staging hands on: the staged tables, every dead letter, progress and ledger rows. */
  record Staged(
      StagingContext context,
      DataStream<DeadLetter> deadLetters,
      DataStream<Row> progress,
      DataStream<Row> ledger) {

    /** The same, with {@code more} dead letters (of a later step, such as expectations). */
    Staged withLetters(List<DataStream<DeadLetter>> more) {
      List<DataStream<DeadLetter>> all = new ArrayList<>(more);
      if (deadLetters != null) {
        all.add(0, deadLetters);
      }
      return new Staged(context, union(all), progress, ledger);
    }
  }

  private StagingStage() {}

  static Staged apply(StagingContext staging, List<PipelineSource> sources) {
    for (PipelineSource source : sources) {
      source.stage(staging);
    }
    String name = staging.name();
    DataStream<DeadLetter> deadLetters = union(staging.deadLetters());
    DataStream<ProgressMark> marks = union(staging.progress());
    DataStream<Row> progress =
        marks == null
            ? null
            : marks
                .keyBy(ProgressMark::key)
                .process(new ProgressTracker())
                .returns(ProgressTracker.ROW_TYPE)
                .uid(name + "-progress")
                .name("progress: complete up to");
    return new Staged(staging, deadLetters, progress, union(staging.ledger()));
  }

  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    if (streams.isEmpty()) {
      return null;
    }
    DataStream<T> all = streams.get(0);
    for (DataStream<T> more : streams.subList(1, streams.size())) {
      all = all.union(more);
    }
    return all;
  }
}
