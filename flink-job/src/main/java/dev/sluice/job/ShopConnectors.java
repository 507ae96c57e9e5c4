package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.*;

import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.file.FileBatchFormat;
import dev.sluice.connectors.file.FileBatchSources;
import dev.sluice.connectors.kafka.JsonRowSerializer;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.connectors.kafka.KafkaRecordDeserializer;
import dev.sluice.connectors.postgres.PgChange;
import dev.sluice.connectors.postgres.PostgresCatalog;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.connectors.postgres.PostgresExactlyOnceSink;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.job.serve.ServeStage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;

/** Builds the real connectors of the shop pipeline from its options. */
public final class ShopConnectors {

  /** The dead-letter table in the warehouse. */
  public static final String DEAD_LETTER_TABLE = "ops.dead_letters";

  private ShopConnectors() {}

  /** Real sources: Postgres CDC, continuous file discovery, Kafka from the earliest offset. */
  public static ShopSources sources(Configuration options) {
    return new ShopSources(changeEvents(options), payments(options), clicks(options, false));
  }

  /**
   * Real sinks: the warehouse tables through the exactly-once Postgres sink (its preflight runs
   * when the pipeline is composed, so the tables must exist), exactly-once Kafka topics, and the
   * dead-letter table.
   */
  public static ShopSinks sinks(Configuration options) {
    String pipeline = options.get(PIPELINE_NAME);
    PostgresEndpoint warehouse = warehouse(options);
    Properties producer = kafkaProducer(options);
    List<String> orderKey = List.of("tenant_id", "order_id");
    return new ShopSinks(
        new ShopSinks.Warehouse() {
          @Override
          public List<String> primaryKey(String table) {
            return PostgresCatalog.primaryKey(warehouse, table);
          }

          @Override
          public Sink<PgChange> sink(List<PostgresTable> tables) {
            PostgresExactlyOnceSink.Builder sink =
                PostgresExactlyOnceSink.builder()
                    .endpoint(warehouse)
                    .job(pipeline)
                    .sinkName(pipeline + "-marts")
                    .stagingRetentionSeconds(options.get(STAGING_RETENTION).toSeconds())
                    // A row the warehouse still rejects is a dead letter, never a stalled commit.
                    .rejectsTo(DEAD_LETTER_TABLE);
            tables.forEach(sink::table);
            return sink.build();
          }
        },
        kafka(
            producer,
            pipeline + "-clicks-per-minute",
            new JsonRowSerializer(
                options.get(CURATED_CLICKS_TOPIC), List.of("tenant_id", "event_type"))),
        kafka(
            producer,
            pipeline + "-orders-enriched",
            new JsonRowSerializer(options.get(ENRICHED_ORDERS_TOPIC), orderKey, null, Set.of())),
        kafka(
            producer,
            pipeline + "-payment-exceptions",
            new JsonRowSerializer(
                options.get(PAYMENT_EXCEPTIONS_TOPIC),
                orderKey,
                "reconciliation_status",
                Set.copyOf(ServeStage.NOT_EXCEPTIONS))),
        DeadLetterSinks.kafka(
            producer, options.get(DEAD_LETTER_TOPIC), pipeline + "-dead-letters"));
  }

  private static KafkaSink<Row> kafka(
      Properties producer, String transactionalIdPrefix, JsonRowSerializer serializer) {
    return KafkaSink.<Row>builder()
        .setKafkaProducerConfig(producer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setRecordSerializer(serializer)
        .build();
  }

  /** The warehouse endpoint; the password comes from the variable the options name. */
  public static PostgresEndpoint warehouse(Configuration options) {
    return new PostgresEndpoint(
        options.get(WAREHOUSE_URL),
        options.get(WAREHOUSE_USER),
        options.get(WAREHOUSE_PASSWORD_ENV),
        null);
  }

  /** One CDC source — one slot, one publication — for the orders and customers tables. */
  public static PostgresIncrementalSource<String> changeEvents(Configuration options) {
    String table = options.get(CDC_ORDERS_TABLE);
    String customers = options.get(CDC_CUSTOMERS_TABLE);
    Properties debezium = new Properties();
    debezium.setProperty("decimal.handling.mode", "string");
    debezium.setProperty("publication.name", options.get(CDC_PUBLICATION));
    // SourcePreflight creates the publication for both tables before the job starts.
    debezium.setProperty("publication.autocreate.mode", "disabled");
    String password = System.getenv(options.get(CDC_PASSWORD_ENV));
    return PostgresIncrementalSource.<String>builder()
        .hostname(options.get(CDC_HOST))
        .port(options.get(CDC_PORT))
        .database(options.get(CDC_DATABASE))
        .schemaList(table.substring(0, table.indexOf('.')))
        .tableList(table, customers)
        .username(options.get(CDC_USER))
        .password(password == null ? "" : password)
        .slotName(options.get(CDC_SLOT))
        .decodingPluginName("pgoutput")
        .heartbeatInterval(options.get(CDC_HEARTBEAT))
        .debeziumProperties(debezium)
        .startupOptions(StartupOptions.initial())
        .deserializer(new JsonDebeziumDeserializationSchema())
        .build();
  }

  /**
   * The payment deliveries; a discovery interval of 0 reads the deliveries present and ends.
   * Partitions before {@code sources.payments.backfill-from} are never listed.
   */
  public static FileSource<FileBatch> payments(Configuration options) {
    Path root = new Path(options.get(PAYMENTS_PATH));
    Duration every = options.get(PAYMENTS_DISCOVERY);
    FileBatchFormat format =
        new FileBatchFormat(
            1,
            options.get(PAYMENTS_MAX_BATCH_MB) * 1024L * 1024L,
            options.get(PAYMENTS_MAX_LINE_KB) * 1024);
    String from = options.get(PAYMENTS_BACKFILL_FROM);
    if (!from.isEmpty()) {
      try {
        LocalDate.parse(from);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            PAYMENTS_BACKFILL_FROM.key() + ": '" + from + "' is not a date YYYY-MM-DD");
      }
    }
    FileBatchSources.SerializablePathFilter accept =
        path ->
            from.isEmpty()
                || FileBatchSources.partitionValue(path, "dt")
                    .map(dt -> dt.compareTo(from) >= 0)
                    .orElse(true);
    return every.isZero()
        ? FileBatchSources.bounded(root, format, accept, options.get(PAYMENTS_ORPHAN_GRACE))
        : FileBatchSources.continuous(
            root, format, every, accept, options.get(PAYMENTS_ORPHAN_GRACE));
  }

  /** The click source; {@code bounded} stops at the offsets that exist when the job starts. */
  public static KafkaSource<KafkaRecord> clicks(Configuration options, boolean bounded) {
    var builder =
        KafkaSource.<KafkaRecord>builder()
            .setBootstrapServers(options.get(KAFKA_BOOTSTRAP))
            .setTopics(options.get(CLICKS_TOPIC))
            .setGroupId(options.get(CLICKS_GROUP))
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new KafkaRecordDeserializer(options.get(CLICKS_MAX_RECORD_KB) * 1024))
            .setProperty("isolation.level", "read_committed");
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  static Properties kafkaProducer(Configuration options) {
    Properties producer = new Properties();
    producer.setProperty("bootstrap.servers", options.get(KAFKA_BOOTSTRAP));
    producer.setProperty(
        "transaction.timeout.ms",
        String.valueOf(options.get(KAFKA_TRANSACTION_TIMEOUT).toMillis()));
    return producer;
  }
}
