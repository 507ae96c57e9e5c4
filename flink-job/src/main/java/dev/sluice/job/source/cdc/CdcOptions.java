package dev.sluice.job.source.cdc;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.sluice.job.factory.LoginOptions;
import dev.sluice.job.staging.SchemaDriftPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The options of a {@code postgres-cdc} source and of each of its tables. */
final class CdcOptions {

  private CdcOptions() {}

  static final ConfigOption<String> HOSTNAME =
      key("hostname")
          .stringType()
          .defaultValue("localhost")
          .withDescription("Host of the source Postgres database.");

  static final ConfigOption<Integer> PORT =
      key("port").intType().defaultValue(5432).withDescription("Port of the source database.");

  static final ConfigOption<String> DATABASE =
      key("database")
          .stringType()
          .noDefaultValue()
          .withDescription("The database holding the captured tables.");

  static final ConfigOption<String> USERNAME = LoginOptions.USERNAME;

  static final ConfigOption<String> PASSWORD_ENV = LoginOptions.PASSWORD_ENV;

  static final ConfigOption<String> PASSWORD_FILE = LoginOptions.PASSWORD_FILE;

  static final ConfigOption<String> SLOT =
      key("slot-name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Logical replication slot, one per source; created if missing. Default:"
                  + " sluice_<pipeline>_<source>.");

  static final ConfigOption<String> PUBLICATION =
      key("publication-name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "pgoutput publication; created for the captured tables if missing, a missing"
                  + " table added to it. Default: <slot-name>_pub.");

  static final ConfigOption<Duration> HEARTBEAT =
      key("heartbeat-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("WAL heartbeat, so the slot advances while the tables are idle.");

  static final ConfigOption<Duration> REDELIVERY_RETENTION =
      key("redelivery-retention")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription(
              "How long staging remembers the LSN of the last change it applied to each row,"
                  + " deleted rows included (state TTL), to drop that same change when the source"
                  + " delivers it again after a restore (Flink CDC resumes at the start of the"
                  + " transaction when the stored change shares its LSN with the commit before"
                  + " it). After a restore from a checkpoint older than this, a re-delivered"
                  + " delete is an UNKNOWN_ROW dead letter and a re-delivered insert or update is"
                  + " staged again, unchanged.");

  // --- per table ---

  static final ConfigOption<String> TABLE =
      key("table")
          .stringType()
          .noDefaultValue()
          .withDescription("The captured table, schema-qualified (public.items).");

  static final ConfigOption<String> TABLE_PATTERN =
      key("table-pattern")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Instead of table: a Java regex the whole schema-qualified name must match"
                  + " (public\\.items_\\d{4}); every match stages into the same view. Give the"
                  + " key a column with metadata: table if the tables' keys may collide.");

  static final ConfigOption<String> VIEW =
      key("view")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The staged table the SQL reads: an upsert changelog keyed by key (deletes"
                  + " retract).");

  static final ConfigOption<List<String>> KEY =
      key("key")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "The staged key: the upstream primary key's columns (checked at start), plus"
                  + " metadata columns if needed.");

  static final ConfigOption<SchemaDriftPolicy> SCHEMA_DRIFT =
      key("schema-drift")
          .enumType(SchemaDriftPolicy.class)
          .defaultValue(SchemaDriftPolicy.EVOLVE)
          .withDescription(
              "What staging does with a change event whose columns differ from the table's"
                  + " (ADD, DROP or RENAME COLUMN at the source while the job runs). evolve: stage"
                  + " the declared columns, log each new column once; ignore: the same without"
                  + " the log; dead-letter: every such event is a SCHEMA_DRIFT dead letter naming"
                  + " the columns; fail: the job stops without restarting, naming table, columns"
                  + " and LSN. Under evolve and ignore a declared column missing from an event is"
                  + " a MISSING_FIELD dead letter, never a null.");

  static final ConfigOption<List<String>> OTHER_COLUMNS =
      key("other-columns")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription(
              "Upstream columns the contract knowingly does not stage (the start-up check adds"
                  + " every column the table has then); any other column is drift.");

  static final ConfigOption<String> HISTORY_VIEW =
      key("history-view")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Also stage every version of each row into this view, never deleted (a row"
                  + " deleted at the source keeps its history), keyed by key + version-column.");

  static final ConfigOption<String> VERSION_COLUMN =
      key("version-column")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The column that tells the versions of a row apart in history-view (e.g. the"
                  + " source's updated_at); required with history-view.");
}
