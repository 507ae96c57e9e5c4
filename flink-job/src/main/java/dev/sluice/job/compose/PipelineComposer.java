package dev.sluice.job.compose;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.compose.StagingStage.Staged;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineOptions;
import dev.sluice.job.definition.SinkDef;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.SqlScript;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.StagingContext;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The composer: builds a pipeline definition into one job graph, stage by stage in the order of the
 * design — sources and ingest/staging, transform/curate and marts (the pipeline's SQL), serve.
 */
public final class PipelineComposer {

  private PipelineComposer() {}

  /**
   * Adds the whole pipeline to {@code env}; the caller executes it.
   *
   * @param preflight false to compose without connecting to any server (offline validation): no
   *     start-up checks, no sink writers
   */
  public static void compose(
      StreamExecutionEnvironment env,
      StreamTableEnvironment tableEnv,
      PipelineDefinition pipeline,
      FactoryRegistry registry,
      boolean preflight) {
    List<PipelineSource> sources =
        pipeline.sources().stream().map(def -> source(registry, def, pipeline)).toList();
    List<PipelineSink> sinks =
        pipeline.sinks().stream().map(def -> sink(registry, def, pipeline)).toList();

    // 1. Sources and 2. ingest/staging: each source in its own operators; rejects become letters.
    Staged staged = StagingStage.apply(new StagingContext(env, pipeline, preflight), sources);

    // 3. Transform/curate and 4. marts: the pipeline's SQL files, in order.
    List<DataStream<DeadLetter>> broken =
        CurateStage.apply(
            tableEnv,
            staged.context().tables(),
            pipeline.options().get(PipelineOptions.SQL_FILES).stream()
                .map(file -> SqlScript.load(pipeline.sqlDir(), file))
                .toList(),
            pipeline.name());
    staged = staged.withLetters(broken);

    // 5. Serve: every view to the sinks that name it; dead letters, progress and ledger too.
    ServeStage.apply(pipeline, tableEnv, staged, sinks, preflight);
  }

  private static PipelineSource source(
      FactoryRegistry registry, SourceDef def, PipelineDefinition pipeline) {
    return registry
        .source(def.type(), def.location(), "sources." + def.name() + ".type")
        .create(def, pipeline);
  }

  private static PipelineSink sink(
      FactoryRegistry registry, SinkDef def, PipelineDefinition pipeline) {
    return registry
        .sink(def.type(), def.location(), "sinks." + def.name() + ".type")
        .create(def, pipeline);
  }
}
