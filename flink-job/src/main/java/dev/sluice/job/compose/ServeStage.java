package dev.sluice.job.compose;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.compose.StagingStage.Staged;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineFileException;
import dev.sluice.job.definition.TargetDef;
import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.ServeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * Serve: fans the curated views out to every sink that names them; dead letters, progress and
 * ledger rows to the sinks that keep them.
 */
final class ServeStage implements ServeContext {

  private final PipelineDefinition pipeline;
  private final StreamTableEnvironment tableEnv;
  private final Staged staged;
  private final boolean preflight;
  private final Map<String, DataStream<Row>> changelogs = new HashMap<>();
  private boolean lettersServed;

  private ServeStage(
      PipelineDefinition pipeline,
      StreamTableEnvironment tableEnv,
      Staged staged,
      boolean preflight) {
    this.pipeline = pipeline;
    this.tableEnv = tableEnv;
    this.staged = staged;
    this.preflight = preflight;
  }

  static void apply(
      PipelineDefinition pipeline,
      StreamTableEnvironment tableEnv,
      Staged staged,
      List<PipelineSink> sinks,
      boolean preflight) {
    ServeStage serve = new ServeStage(pipeline, tableEnv, staged, preflight);
    for (PipelineSink sink : sinks) {
      sink.serve(serve);
    }
    if (!serve.lettersServed && staged.deadLetters() != null) {
      throw new IllegalArgumentException(
          pipeline.file()
              + ": no sink takes the dead letters, which would be lost. Fix: give a sink"
              + " dead-letters: <table or topic>");
    }
  }

  @Override
  public PipelineDefinition pipeline() {
    return pipeline;
  }

  @Override
  public StreamTableEnvironment tableEnv() {
    return tableEnv;
  }

  @Override
  public boolean preflight() {
    return preflight;
  }

  @Override
  public Table view(TargetDef target) {
    List<String> views = new ArrayList<>(Arrays.asList(tableEnv.listViews()));
    views.removeIf(view -> view.endsWith("__unchecked"));
    if (!views.contains(target.view())) {
      throw new PipelineFileException(
          target.location(),
          target.options().scope(),
          "the pipeline's SQL defines no view " + target.view(),
          "Define it in one of pipeline.sql-files, or serve one of " + views);
    }
    return tableEnv.from(target.view());
  }

  @Override
  public DataStream<Row> changelog(TargetDef target) {
    return changelogs.computeIfAbsent(
        target.view(), view -> tableEnv.toChangelogStream(view(target)));
  }

  @Override
  public DataStream<DeadLetter> deadLetters() {
    lettersServed = true;
    return staged.deadLetters();
  }

  @Override
  public Optional<DataStream<Row>> progress() {
    return Optional.ofNullable(staged.progress());
  }

  @Override
  public Optional<DataStream<Row>> ledger() {
    return Optional.ofNullable(staged.ledger());
  }
}
