package dev.sluice.job;

import static dev.sluice.job.definition.PipelineOptions.CHECKPOINT_DIR;
import static dev.sluice.job.definition.PipelineOptions.CHECKPOINT_INTERVAL;
import static dev.sluice.job.definition.PipelineOptions.RESTARTS_MAX_ATTEMPTS;
import static dev.sluice.job.definition.PipelineOptions.RESTARTS_RESET_AFTER;

import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.ExecutionConfigOptions.UidGeneration;

/** Runtime settings every Sluice job runs with: RocksDB, exactly-once checkpoints, UTC SQL. */
public final class JobEnvironment {

  private JobEnvironment() {}

  /**
   * Fails at start, naming the option and the path, when {@code checkpoint.dir} is a local
   * directory this process cannot create or write (other file systems are checked by Flink).
   */
  public static void checkCheckpointDir(PipelineDefinition pipeline) {
    pipeline
        .options()
        .getOptional(CHECKPOINT_DIR)
        .filter(dir -> dir.startsWith("file:") || dir.startsWith("/"))
        .ifPresent(
            dir -> {
              Path path = dir.startsWith("/") ? Path.of(dir) : Path.of(URI.create(dir));
              try {
                Files.createDirectories(path);
                Path probe = Files.createTempFile(path, ".sluice-probe", "");
                Files.delete(probe);
              } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                    "checkpoint.dir: cannot write checkpoints to " + path + " (" + e + ")", e);
              }
            });
  }

  /** Flink settings derived from the pipeline's options; the caller may add its own. */
  public static Configuration flinkConfig(PipelineDefinition pipeline) {
    DefOptions options = pipeline.options();
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    options
        .getOptional(CHECKPOINT_DIR)
        .ifPresent(dir -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
    conf.set(
        ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL, options.get(CHECKPOINT_INTERVAL));
    conf.set(ExecutionCheckpointingOptions.CHECKPOINTING_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(2));
    conf.set(ExecutionCheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofSeconds(10));
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        options.get(RESTARTS_RESET_AFTER));
    int attempts = options.get(RESTARTS_MAX_ATTEMPTS);
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
        attempts <= 0 ? Integer.MAX_VALUE : attempts);
    return conf;
  }

  /**
   * The table environment, with SQL time in UTC.
   *
   * <p>SQL operators get no planner uids ({@code table.exec.uid.generation=PLAN_ONLY}, the
   * default): Flink then derives their operator ids from the job graph's topology, which is the
   * same for the same program and SQL, so a savepoint restores. Planner uids ({@code ALWAYS})
   * number the plan's nodes with a counter that lives as long as the JVM: the second submission of
   * the same job to a session cluster got other uids and could not restore its savepoint ({@code
   * StandaloneClusterITCase} caught it). Every DataStream operator has an explicit uid.
   */
  public static StreamTableEnvironment tableEnvironment(StreamExecutionEnvironment env) {
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().set("table.local-time-zone", "UTC");
    tableEnv
        .getConfig()
        .set(ExecutionConfigOptions.TABLE_EXEC_UID_GENERATION, UidGeneration.PLAN_ONLY);
    return tableEnv;
  }
}
