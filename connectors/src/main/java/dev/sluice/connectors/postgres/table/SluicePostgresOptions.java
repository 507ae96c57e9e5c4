package dev.sluice.connectors.postgres.table;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/** Options of the {@code 'connector' = 'sluice-postgres'} SQL sink. */
public final class SluicePostgresOptions {

  private SluicePostgresOptions() {}

  public static final ConfigOption<String> URL =
      key("url")
          .stringType()
          .noDefaultValue()
          .withDescription("JDBC URL of the target database, e.g. jdbc:postgresql://host:5432/db.");

  public static final ConfigOption<String> TABLE_NAME =
      key("table-name")
          .stringType()
          .noDefaultValue()
          .withDescription("Target table as schema.table; its merge key is the DDL's PRIMARY KEY.");

  public static final ConfigOption<String> USERNAME =
      key("username").stringType().defaultValue("postgres").withDescription("Role to log in as.");

  public static final ConfigOption<String> PASSWORD_ENV =
      key("password-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Environment variable holding the password (never the password itself).");

  public static final ConfigOption<String> PASSWORD_FILE =
      key("password-file")
          .stringType()
          .noDefaultValue()
          .withDescription("File holding the password, e.g. a mounted Kubernetes Secret.");

  public static final ConfigOption<String> SINK_NAME =
      key("sink-name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name unique among the sinks of this database, stable across restarts;"
                  + " defaults to the table name.");

  public static final ConfigOption<String> JOB =
      key("job")
          .stringType()
          .defaultValue("sluice")
          .withDescription("Pipeline name recorded with every committed batch.");

  public static final ConfigOption<String> STAGING_SCHEMA =
      key("staging-schema")
          .stringType()
          .defaultValue("sluice_staging")
          .withDescription("Schema of the staging and progress tables, created if missing.");

  public static final ConfigOption<String> VERSION_COLUMN =
      key("version-column")
          .stringType()
          .noDefaultValue()
          .withDescription("Column that must never go backwards: older versions are not written.");

  public static final ConfigOption<Integer> BUFFER_MAX_CHANGES =
      key("buffer.max-changes")
          .intType()
          .defaultValue(50_000)
          .withDescription("Changes held in memory before they are staged with COPY.");

  public static final ConfigOption<Duration> STAGING_RETENTION =
      key("staging.retention")
          .durationType()
          .defaultValue(Duration.ofHours(24))
          .withDescription(
              "Staged rows older than this are dropped (batches no writer will commit); must"
                  + " outlast a checkpoint interval plus the longest outage.");
}
