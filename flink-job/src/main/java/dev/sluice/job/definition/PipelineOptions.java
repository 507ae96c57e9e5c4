package dev.sluice.job.definition;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the pipeline as a whole: {@code pipeline:}, and the top-level {@code checkpoint:} and
 * {@code restarts:} sections (keys {@code checkpoint.*}, {@code restarts.*}).
 */
public final class PipelineOptions {

  private PipelineOptions() {}

  public static final ConfigOption<String> NAME =
      key("name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of the pipeline; prefixes operator uids, transactional ids and dead letters,"
                  + " so two pipelines on one cluster or broker need two names.");

  public static final ConfigOption<String> SQL_DIR =
      key("sql-dir")
          .stringType()
          .defaultValue(".")
          .withDescription(
              "Where the pipeline's SQL lives: a directory, relative to this file or absolute,"
                  + " or classpath:<dir> inside the job jar.");

  public static final ConfigOption<List<String>> SQL_FILES =
      key("sql-files")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("SQL files in sql-dir, run in this order.");

  public static final ConfigOption<String> TENANCY_COLUMN =
      key("tenancy.column")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Every source column of this name accepts only the tenants of tenancy.allowed; a"
                  + " row of any other tenant is an UNKNOWN_TENANT dead letter. Unset: no"
                  + " tenancy.");

  public static final ConfigOption<List<String>> TENANCY_ALLOWED =
      key("tenancy.allowed")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription("The tenants the pipeline serves; required with tenancy.column.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      key("checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "Checkpoint interval; exactly-once output becomes visible per checkpoint.");

  public static final ConfigOption<String> CHECKPOINT_DIR =
      key("checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("Checkpoint storage URI, e.g. file:///var/sluice/checkpoints.");

  public static final ConfigOption<Integer> RESTARTS_MAX_ATTEMPTS =
      key("restarts.max-attempts")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Restarts in a row (each before the job has run restarts.reset-after without failing)"
                  + " after which the job fails with the last cause instead of restarting again,"
                  + " so a poison pill cannot keep it in a silent restart loop; 0 restarts for"
                  + " ever. Flink counts failures of any cause, not of one cause.");

  public static final ConfigOption<Duration> RESTARTS_RESET_AFTER =
      key("restarts.reset-after")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "How long the job must run without failing for its restart count and backoff (1 s,"
                  + " doubling up to 10 s) to start again from zero.");

  /** Options every pipeline file must set. */
  public static final Set<ConfigOption<?>> REQUIRED_OPTIONS = Set.of(NAME);

  /** Options a pipeline file may set. */
  public static final Set<ConfigOption<?>> OPTIONAL_OPTIONS =
      Set.of(
          SQL_DIR,
          SQL_FILES,
          TENANCY_COLUMN,
          TENANCY_ALLOWED,
          CHECKPOINT_INTERVAL,
          CHECKPOINT_DIR,
          RESTARTS_MAX_ATTEMPTS,
          RESTARTS_RESET_AFTER);

  /** The top-level sections of the file whose keys are pipeline options. */
  static final Set<String> TOP_LEVEL_SECTIONS = Set.of("checkpoint", "restarts");
}
