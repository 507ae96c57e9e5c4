package dev.sluice.job;

import dev.sluice.job.compose.PipelineComposer;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.PipelineFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar: {@code --pipeline <file.yaml>} (a path, or {@code
 * classpath:sql/<name>/pipeline.yaml} for an example inside the jar) and any number of {@code --set
 * key=value} overrides (dotted paths into the file).
 */
public final class SluiceJob {

  private SluiceJob() {}

  public static void main(String[] args) throws Exception {
    PipelineDefinition pipeline = pipeline(args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.flinkConfig(pipeline));
    build(env, pipeline);
    env.execute("sluice-" + pipeline.name());
  }

  /**
   * Runs every source's and sink's start-up checks and adds the pipeline with its real connectors
   * to {@code env}.
   */
  public static void build(StreamExecutionEnvironment env, PipelineDefinition pipeline) {
    JobEnvironment.checkCheckpointDir(pipeline);
    PipelineComposer.compose(
        env, JobEnvironment.tableEnvironment(env), pipeline, FactoryRegistry.discover(), true);
  }

  /** Parses the command line into a validated pipeline definition. */
  public static PipelineDefinition pipeline(String[] args) {
    String file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--pipeline") && i + 1 < args.length) {
        file = args[++i];
      } else if (args[i].equals("--set") && i + 1 < args.length) {
        String kv = args[++i];
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--set expects key=value, got '" + kv + "'");
        }
        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
      } else {
        throw new IllegalArgumentException(
            "Unknown argument '"
                + args[i]
                + "'; usage: --pipeline <file.yaml> [--set key=value]...");
      }
    }
    if (file == null) {
      throw new IllegalArgumentException(
          "No pipeline file: --pipeline <file.yaml> [--set key=value]...");
    }
    return PipelineFiles.load(file, overrides);
  }
}
