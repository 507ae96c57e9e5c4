package dev.sluice.job.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** Every option of the shop pipeline file: typed, with a default where one is sensible. */
public final class ShopOptions {

  private ShopOptions() {}

  /** Options without a default that every pipeline file must set. */
  public static final Set<String> REQUIRED =
      Set.of("pipeline.tenants", "sources.payments.path", "sinks.warehouse.url");

  public static final ConfigOption<String> PIPELINE_NAME =
      key("pipeline.name")
          .stringType()
          .defaultValue("shop")
          .withDescription("Name of the pipeline; prefixes transactional ids and dead letters.");

  public static final ConfigOption<String> SQL_DIR =
      key("pipeline.sql-dir")
          .stringType()
          .defaultValue("classpath:sql/shop")
          .withDescription(
              "Where the pipeline's SQL lives: classpath:sql/shop (inside the job jar) or a"
                  + " directory; warehouse DDL is read from its warehouse/ subdirectory.");

  public static final ConfigOption<List<String>> SQL_FILES =
      key("pipeline.sql-files")
          .stringType()
          .asList()
          .defaultValues("10_staging.sql", "20_curate.sql", "30_marts.sql")
          .withDescription("SQL files in pipeline.sql-dir, run in this order.");

  public static final ConfigOption<List<String>> TENANTS =
      key("pipeline.tenants")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription("Tenants the pipeline serves; records of any other go to dead letters.");

  public static final ConfigOption<List<String>> CURRENCIES =
      key("pipeline.currencies")
          .stringType()
          .asList()
          .defaultValues("EUR", "USD", "GBP")
          .withDescription("ISO currency codes accepted in orders and payments.");

  // --- source: orders and customers through Postgres CDC (one slot, one publication) ---

  public static final ConfigOption<String> CDC_HOST =
      key("sources.cdc.hostname")
          .stringType()
          .defaultValue("localhost")
          .withDescription("Host of the source Postgres database.");

  public static final ConfigOption<Integer> CDC_PORT =
      key("sources.cdc.port")
          .intType()
          .defaultValue(5432)
          .withDescription("Port of the source Postgres database.");

  public static final ConfigOption<String> CDC_DATABASE =
      key("sources.cdc.database")
          .stringType()
          .defaultValue("shop")
          .withDescription("Source database holding the captured tables.");

  public static final ConfigOption<String> CDC_ORDERS_TABLE =
      key("sources.cdc.orders-table")
          .stringType()
          .defaultValue("public.orders")
          .withDescription("Captured orders table, schema-qualified, in the source database.");

  public static final ConfigOption<String> CDC_CUSTOMERS_TABLE =
      key("sources.cdc.customers-table")
          .stringType()
          .defaultValue("public.customers")
          .withDescription("Captured customers table, schema-qualified, in the same schema.");

  public static final ConfigOption<String> CDC_USER =
      key("sources.cdc.username")
          .stringType()
          .defaultValue("postgres")
          .withDescription("Role with REPLICATION and SELECT on the captured tables.");

  public static final ConfigOption<String> CDC_PASSWORD_ENV =
      key("sources.cdc.password-env")
          .stringType()
          .defaultValue("SLUICE_SOURCE_PG_PASSWORD")
          .withDescription(
              "Environment variable holding the source password (unset: no password).");

  public static final ConfigOption<String> CDC_SLOT =
      key("sources.cdc.slot-name")
          .stringType()
          .defaultValue("sluice_shop")
          .withDescription("Logical replication slot; one per pipeline and source.");

  public static final ConfigOption<String> CDC_PUBLICATION =
      key("sources.cdc.publication-name")
          .stringType()
          .defaultValue("sluice_shop_pub")
          .withDescription("pgoutput publication; created for the captured tables if missing.");

  public static final ConfigOption<Duration> CDC_HEARTBEAT =
      key("sources.cdc.heartbeat-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("WAL heartbeat, so the slot advances while the table is idle.");

  public static final ConfigOption<SchemaDriftPolicy> CDC_SCHEMA_DRIFT =
      key("sources.cdc.schema-drift")
          .enumType(SchemaDriftPolicy.class)
          .defaultValue(SchemaDriftPolicy.EVOLVE)
          .withDescription(
              "What staging does with a change event whose columns differ from the captured"
                  + " table's expected columns (ADD, DROP or RENAME COLUMN at the source)."
                  + " evolve: keep the staged columns, log each new column once (the staged row"
                  + " type is fixed, so new columns are not carried); ignore: the same without"
                  + " the log; dead-letter: every such event is a SCHEMA_DRIFT dead letter naming"
                  + " the columns; fail: the job stops without restarting, naming table, columns"
                  + " and LSN. Under evolve and ignore a missing column the staging needs is a"
                  + " MISSING_FIELD dead letter, never a null. Widened types need no policy: a"
                  + " value that still fits is staged, one that does not is INVALID_VALUE.");

  public static final ConfigOption<Duration> CDC_REDELIVERY_RETENTION =
      key("sources.cdc.redelivery-retention")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription(
              "How long CDC staging remembers the LSN of the last change it applied to each row,"
                  + " deleted rows included (state TTL), to drop that same change (same LSN) when"
                  + " the source delivers it again after a restore (Flink CDC resumes at the start"
                  + " of the transaction when the stored change shares its LSN with the commit"
                  + " before it). After a restore from a checkpoint or savepoint older than this,"
                  + " a re-delivered delete is an UNKNOWN_ROW dead letter and a re-delivered insert"
                  + " or update is staged again, unchanged.");

  // --- source: payment settlement files ---

  public static final ConfigOption<String> PAYMENTS_PATH =
      key("sources.payments.path")
          .stringType()
          .noDefaultValue()
          .withDescription("Root holding payments/dt=YYYY-MM-DD/tenant=<id>/*.csv partitions.");

  public static final ConfigOption<Duration> PAYMENTS_DISCOVERY =
      key("sources.payments.discovery-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("How often new files are looked for; 0 reads what is there and ends.");

  public static final ConfigOption<String> PAYMENTS_BACKFILL_FROM =
      key("sources.payments.backfill-from")
          .stringType()
          .defaultValue("")
          .withDescription(
              "Earliest dt=YYYY-MM-DD partition to read; older partitions are never listed."
                  + " Empty: every partition.");

  public static final ConfigOption<Integer> PAYMENTS_MAX_BATCH_MB =
      key("sources.payments.max-batch-mb")
          .intType()
          .defaultValue(64)
          .withDescription(
              "Largest data file of one delivery; a bigger one is dead-lettered as OVERSIZED"
                  + " (split such deliveries into several batches).");

  public static final ConfigOption<Integer> PAYMENTS_MAX_LINE_KB =
      key("sources.payments.max-line-kb")
          .intType()
          .defaultValue(64)
          .withDescription(
              "Longest line of a settlement file; a longer line is dead-lettered as OVERSIZED"
                  + " (file and line, its size and SHA-256, the payload cut to this length) and the"
                  + " rest of the file is loaded.");

  public static final ConfigOption<Duration> PAYMENTS_ORPHAN_GRACE =
      key("sources.payments.orphan-grace")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "A data file that no manifest has committed this long after it was last modified is"
                  + " dead-lettered once as MISSING_MANIFEST; a manifest arriving later still"
                  + " loads it.");

  public static final ConfigOption<SchemaDriftPolicy> PAYMENTS_SCHEMA_DRIFT =
      key("sources.payments.schema-drift")
          .enumType(SchemaDriftPolicy.class)
          .defaultValue(SchemaDriftPolicy.EVOLVE)
          .withDescription(
              "What a settlement file's header with a column Sluice does not know does: evolve"
                  + " (load the rows, the new columns kept as JSON in extra_fields), ignore (load"
                  + " the rows, drop the new columns), dead-letter (every row SCHEMA_DRIFT) or fail"
                  + " (the job stops, naming file and column). Columns are matched by header name,"
                  + " so reordered columns load under every policy; a missing column makes every"
                  + " row MISSING_FIELD, or stops the job under fail.");

  // --- source: clicks on Kafka ---

  public static final ConfigOption<Integer> CLICKS_MAX_RECORD_KB =
      key("sources.clicks.max-record-kb")
          .intType()
          .defaultValue(1024)
          .withDescription(
              "Largest click record value; a bigger one is cut as it is read and dead-lettered as"
                  + " OVERSIZED with its size and SHA-256.");

  public static final ConfigOption<SchemaDriftPolicy> CLICKS_SCHEMA_DRIFT =
      key("sources.clicks.schema-drift")
          .enumType(SchemaDriftPolicy.class)
          .defaultValue(SchemaDriftPolicy.EVOLVE)
          .withDescription(
              "What a click with a field Sluice does not know does: evolve (staged, new fields"
                  + " kept as JSON in extra_fields), ignore (staged, new fields dropped),"
                  + " dead-letter (SCHEMA_DRIFT) or fail (the job stops, naming field and"
                  + " position). A missing required field is MISSING_FIELD under every policy.");

  public static final ConfigOption<String> KAFKA_BOOTSTRAP =
      key("kafka.bootstrap-servers")
          .stringType()
          .defaultValue("localhost:9092")
          .withDescription("Kafka cluster for click input, curated output and dead letters.");

  public static final ConfigOption<String> CLICKS_TOPIC =
      key("sources.clicks.topic")
          .stringType()
          .defaultValue("shop.clicks")
          .withDescription("Topic of click events, JSON.");

  public static final ConfigOption<String> CLICKS_GROUP =
      key("sources.clicks.group-id")
          .stringType()
          .defaultValue("sluice-shop")
          .withDescription("Consumer group; offsets are committed on checkpoints, for monitoring.");

  public static final ConfigOption<Duration> CLICKS_OUT_OF_ORDERNESS =
      key("sources.clicks.max-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Watermark lag behind the newest click; older clicks are LATE.");

  public static final ConfigOption<Duration> CLICKS_IDLENESS =
      key("sources.clicks.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("A partition silent this long stops holding the watermark back.");

  public static final ConfigOption<Duration> CLICKS_DEDUPE_RETENTION =
      key("sources.clicks.dedupe-retention")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "How long a click's (tenant_id, event_id) is remembered to drop duplicates; the"
                  + " keyed state expires after it (state TTL).");

  // --- serve ---

  public static final ConfigOption<String> WAREHOUSE_URL =
      key("sinks.warehouse.url")
          .stringType()
          .noDefaultValue()
          .withDescription("JDBC URL of the Postgres database receiving marts and dead letters.");

  public static final ConfigOption<String> WAREHOUSE_USER =
      key("sinks.warehouse.username")
          .stringType()
          .defaultValue("postgres")
          .withDescription("Role writing marts and dead letters.");

  public static final ConfigOption<String> WAREHOUSE_PASSWORD_ENV =
      key("sinks.warehouse.password-env")
          .stringType()
          .defaultValue("SLUICE_WAREHOUSE_PG_PASSWORD")
          .withDescription(
              "Environment variable holding the warehouse password (unset: no password).");

  public static final ConfigOption<List<String>> WAREHOUSE_TABLES =
      key("sinks.warehouse.tables")
          .stringType()
          .asList()
          .defaultValues(
              "mart_tenant_daily_revenue=marts.tenant_daily_revenue",
              "mart_funnel_daily=marts.funnel_daily",
              "mart_customer_360=marts.customer_360",
              "mart_payment_reconciliation=marts.payment_reconciliation",
              "cur_orders_enriched=curated.orders_enriched")
          .withDescription(
              "SQL view = Postgres table, served exactly once and committed together per"
                  + " checkpoint; the view's columns go to the table's columns of the same name,"
                  + " merged by the table's primary key.");

  public static final ConfigOption<String> CURATED_CLICKS_TOPIC =
      key("sinks.kafka.clicks-per-minute-topic")
          .stringType()
          .defaultValue("shop.clicks_per_minute")
          .withDescription("Curated topic: clicks per tenant, minute and event type.");

  public static final ConfigOption<String> ENRICHED_ORDERS_TOPIC =
      key("sinks.kafka.enriched-orders-topic")
          .stringType()
          .defaultValue("shop.orders_enriched")
          .withDescription(
              "Curated topic: orders with the customer as of order time; keyed tenant|order_id,"
                  + " upsert (a deleted order is a tombstone).");

  public static final ConfigOption<String> PAYMENT_EXCEPTIONS_TOPIC =
      key("sinks.kafka.payment-exceptions-topic")
          .stringType()
          .defaultValue("shop.payment_exceptions")
          .withDescription(
              "Orders whose payments do not reconcile; keyed tenant|order_id, upsert (a"
                  + " resolved exception is a tombstone).");

  public static final ConfigOption<Duration> STAGING_RETENTION =
      key("sinks.warehouse.staging-retention")
          .durationType()
          .defaultValue(Duration.ofHours(24))
          .withDescription(
              "Rows in the warehouse staging tables (sluice_staging.*) older than this are"
                  + " deleted by the cleanup that runs on every commit.");

  public static final ConfigOption<String> DEAD_LETTER_TOPIC =
      key("sinks.kafka.dead-letter-topic")
          .stringType()
          .defaultValue("shop.dead_letters")
          .withDescription("Topic receiving every dead letter as JSON.");

  public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT =
      key("sinks.kafka.transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kafka transaction timeout; must not exceed the broker's transaction.max.timeout.ms"
                  + " (default 15 min) and must outlast a checkpoint plus a restart.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      key("checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "Checkpoint interval; exactly-once output becomes visible per checkpoint.");

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

  public static final ConfigOption<String> CHECKPOINT_DIR =
      key("checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("Checkpoint storage URI, e.g. file:///var/sluice/checkpoints.");
}
