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
          .defaultValues("20_curate.sql", "30_marts.sql")
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

  // --- source: orders through Postgres CDC ---

  public static final ConfigOption<String> ORDERS_HOST =
      key("sources.orders.hostname")
          .stringType()
          .defaultValue("localhost")
          .withDescription("Host of the source Postgres database.");

  public static final ConfigOption<Integer> ORDERS_PORT =
      key("sources.orders.port")
          .intType()
          .defaultValue(5432)
          .withDescription("Port of the source Postgres database.");

  public static final ConfigOption<String> ORDERS_DATABASE =
      key("sources.orders.database")
          .stringType()
          .defaultValue("shop")
          .withDescription("Source database holding the orders table.");

  public static final ConfigOption<String> ORDERS_TABLE =
      key("sources.orders.table")
          .stringType()
          .defaultValue("public.orders")
          .withDescription("Captured table, schema-qualified.");

  public static final ConfigOption<String> ORDERS_USER =
      key("sources.orders.username")
          .stringType()
          .defaultValue("postgres")
          .withDescription("Role with REPLICATION and SELECT on the captured table.");

  public static final ConfigOption<String> ORDERS_PASSWORD_ENV =
      key("sources.orders.password-env")
          .stringType()
          .defaultValue("SLUICE_SOURCE_PG_PASSWORD")
          .withDescription(
              "Environment variable holding the source password (unset: no password).");

  public static final ConfigOption<String> ORDERS_SLOT =
      key("sources.orders.slot-name")
          .stringType()
          .defaultValue("sluice_shop_orders")
          .withDescription("Logical replication slot; one per pipeline and source.");

  public static final ConfigOption<String> ORDERS_PUBLICATION =
      key("sources.orders.publication-name")
          .stringType()
          .defaultValue("sluice_shop_pub")
          .withDescription("pgoutput publication; created for the captured table if missing.");

  public static final ConfigOption<Duration> ORDERS_HEARTBEAT =
      key("sources.orders.heartbeat-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("WAL heartbeat, so the slot advances while the table is idle.");

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

  // --- source: clicks on Kafka ---

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

  public static final ConfigOption<String> CURATED_CLICKS_TOPIC =
      key("sinks.kafka.clicks-per-minute-topic")
          .stringType()
          .defaultValue("shop.clicks_per_minute")
          .withDescription("Curated topic: clicks per tenant, minute and event type.");

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

  public static final ConfigOption<String> CHECKPOINT_DIR =
      key("checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("Checkpoint storage URI, e.g. file:///var/sluice/checkpoints.");
}
