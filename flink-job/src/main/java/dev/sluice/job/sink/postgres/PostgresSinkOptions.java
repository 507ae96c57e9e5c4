package dev.sluice.job.sink.postgres;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.sluice.job.factory.LoginOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The options of a {@code postgres} sink and of each table it serves. */
final class PostgresSinkOptions {

  private PostgresSinkOptions() {}

  static final ConfigOption<String> URL =
      key("url")
          .stringType()
          .noDefaultValue()
          .withDescription("JDBC URL of the database: jdbc:postgresql://host:5432/warehouse.");

  static final ConfigOption<String> USERNAME = LoginOptions.USERNAME;

  static final ConfigOption<String> PASSWORD_ENV = LoginOptions.PASSWORD_ENV;

  static final ConfigOption<String> PASSWORD_FILE = LoginOptions.PASSWORD_FILE;

  static final ConfigOption<List<String>> DDL =
      key("ddl")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription(
              "SQL files (relative to pipeline.sql-dir) run before the job starts, to create"
                  + " the tables if missing (CREATE ... IF NOT EXISTS).");

  static final ConfigOption<Duration> STAGING_RETENTION =
      key("staging-retention")
          .durationType()
          .defaultValue(Duration.ofHours(24))
          .withDescription(
              "Rows in the sink's staging tables (sluice_staging.*) older than this are deleted"
                  + " by the cleanup that runs on every commit.");

  static final ConfigOption<String> DEAD_LETTERS =
      key("dead-letters")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Table receiving every dead letter (created if missing), committed with the"
                  + " tables: a letter is there exactly when the checkpoint that produced it is."
                  + " A row the database still rejects at commit becomes a SINK_REJECTED letter"
                  + " here.");

  static final ConfigOption<String> PROGRESS =
      key("progress")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Table of how complete the tables are: per source, table and tenant, the time up"
                  + " to which that input is in them (created if missing), committed with them.");

  static final ConfigOption<String> BATCH_LEDGER =
      key("batch-ledger")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Table of every delivery's fate (LOADED, REPLACED, REJECTED: reason), committed"
                  + " with the rows it feeds (created if missing).");

  // --- per table ---

  static final ConfigOption<String> TABLE =
      key("table")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The table the view is served into, schema-qualified; the view's columns go to the"
                  + " table's columns of the same name, merged by the table's primary key.");
}
