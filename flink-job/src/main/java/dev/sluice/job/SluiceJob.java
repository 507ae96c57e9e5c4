package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.CHECKPOINT_INTERVAL;
import static dev.sluice.job.config.ShopOptions.KAFKA_BOOTSTRAP;
import static dev.sluice.job.config.ShopOptions.KAFKA_TRANSACTION_TIMEOUT;
import static dev.sluice.job.config.ShopOptions.PIPELINE_NAME;
import static dev.sluice.job.config.ShopOptions.SQL_DIR;

import dev.sluice.job.config.PipelineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Entry point of the job jar: {@code --pipeline <file.yaml>} (default: the shop pipeline inside the
 * jar) and any number of {@code --set key=value} overrides.
 */
public final class SluiceJob {

  /** The pipeline file used when none is given. */
  public static final String DEFAULT_PIPELINE = "sql/shop/pipeline.yaml";

  private SluiceJob() {}

  public static void main(String[] args) throws Exception {
    Configuration options = options(args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.flinkConfig(options));
    build(env, options);
    env.execute("sluice-" + options.get(PIPELINE_NAME));
  }

  /**
   * Checks Kafka's transaction limits and the CDC source, prepares the warehouse, and adds the
   * pipeline with its real connectors to {@code env}.
   */
  public static void build(StreamExecutionEnvironment env, Configuration options) {
    KafkaPreflight.check(
        options.get(KAFKA_BOOTSTRAP),
        options.get(KAFKA_TRANSACTION_TIMEOUT),
        options.get(CHECKPOINT_INTERVAL));
    SourcePreflight.run(options);
    JobEnvironment.checkCheckpointDir(options);
    WarehouseBootstrap.run(
        ShopConnectors.warehouse(options), options.get(SQL_DIR), ShopConnectors.DEAD_LETTER_TABLE);
    StreamTableEnvironment tableEnv = JobEnvironment.tableEnvironment(env);
    ShopPipeline.compose(
        env, tableEnv, options, ShopConnectors.sources(options), ShopConnectors.sinks(options));
  }

  /** The shop pipeline file inside the jar, with {@code overrides} applied. */
  public static Configuration defaultPipeline(Map<String, String> overrides) throws IOException {
    try (InputStream in = SluiceJob.class.getClassLoader().getResourceAsStream(DEFAULT_PIPELINE)) {
      return PipelineConfig.load(in, DEFAULT_PIPELINE, overrides);
    }
  }

  /** Parses the command line into validated pipeline options. */
  public static Configuration options(String[] args) throws IOException {
    String pipeline = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--pipeline") && i + 1 < args.length) {
        pipeline = args[++i];
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
                + "'; usage: [--pipeline file.yaml] [--set key=value]...");
      }
    }
    if (pipeline == null) {
      try (InputStream in =
          SluiceJob.class.getClassLoader().getResourceAsStream(DEFAULT_PIPELINE)) {
        return PipelineConfig.load(in, DEFAULT_PIPELINE, overrides);
      }
    }
    try (InputStream in = Files.newInputStream(Path.of(pipeline))) {
      return PipelineConfig.load(in, pipeline, overrides);
    }
  }
}
