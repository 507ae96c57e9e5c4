package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.*;

import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.connectors.file.FileLineSources;
import dev.sluice.connectors.kafka.JsonRowSerializer;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.connectors.kafka.KafkaRecordDeserializer;
import dev.sluice.connectors.postgres.PgType;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.connectors.postgres.PostgresExactlyOnceSink;
import dev.sluice.connectors.postgres.PostgresTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

  /** Columns of {@code marts.tenant_daily_revenue}, in the order the SQL view produces them. */
  public static final PostgresTable TENANT_DAILY_REVENUE =
      new PostgresTable(
          "marts.tenant_daily_revenue",
          List.of(
              "tenant_id",
              "revenue_date",
              "currency",
              "order_count",
              "order_amount",
              "payment_count",
              "settled_amount"),
          List.of("tenant_id", "revenue_date", "currency"),
          null,
          Map.of(
              "tenant_id", PgType.TEXT,
              "revenue_date", PgType.DATE,
              "currency", PgType.TEXT,
              "order_count", PgType.INTEGER,
              "order_amount", PgType.DECIMAL,
              "payment_count", PgType.INTEGER,
              "settled_amount", PgType.DECIMAL));

  /** The dead-letter table in the warehouse. */
  public static final String DEAD_LETTER_TABLE = "ops.dead_letters";

  private ShopConnectors() {}

  /** Real sources: Postgres CDC, continuous file discovery, Kafka from the earliest offset. */
  public static ShopSources sources(Configuration options) {
    return new ShopSources(ordersCdc(options), payments(options), clicks(options, false));
  }

  /**
   * Real sinks: the marts through the exactly-once Postgres sink (its preflight runs here, so the
   * warehouse tables must exist), exactly-once Kafka topics, and the dead-letter table.
   */
  public static ShopSinks sinks(Configuration options) {
    String pipeline = options.get(PIPELINE_NAME);
    PostgresEndpoint warehouse = warehouse(options);
    Properties producer = kafkaProducer(options);
    return new ShopSinks(
        PostgresExactlyOnceSink.builder()
            .endpoint(warehouse)
            .job(pipeline)
            .sinkName(pipeline + "-marts")
            .table(TENANT_DAILY_REVENUE)
            .build(),
        KafkaSink.<Row>builder()
            .setKafkaProducerConfig(producer)
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(pipeline + "-clicks-per-minute")
            .setRecordSerializer(
                new JsonRowSerializer(
                    options.get(CURATED_CLICKS_TOPIC), List.of("tenant_id", "event_type")))
            .build(),
        DeadLetterSinks.kafka(producer, options.get(DEAD_LETTER_TOPIC), pipeline + "-dead-letters"),
        DeadLetterSinks.postgres(warehouse, DEAD_LETTER_TABLE));
  }

  /** The warehouse endpoint; the password comes from the variable the options name. */
  public static PostgresEndpoint warehouse(Configuration options) {
    return new PostgresEndpoint(
        options.get(WAREHOUSE_URL),
        options.get(WAREHOUSE_USER),
        options.get(WAREHOUSE_PASSWORD_ENV),
        null);
  }

  public static PostgresIncrementalSource<String> ordersCdc(Configuration options) {
    String table = options.get(ORDERS_TABLE);
    Properties debezium = new Properties();
    debezium.setProperty("decimal.handling.mode", "string");
    debezium.setProperty("publication.name", options.get(ORDERS_PUBLICATION));
    debezium.setProperty("publication.autocreate.mode", "filtered");
    String password = System.getenv(options.get(ORDERS_PASSWORD_ENV));
    return PostgresIncrementalSource.<String>builder()
        .hostname(options.get(ORDERS_HOST))
        .port(options.get(ORDERS_PORT))
        .database(options.get(ORDERS_DATABASE))
        .schemaList(table.substring(0, table.indexOf('.')))
        .tableList(table)
        .username(options.get(ORDERS_USER))
        .password(password == null ? "" : password)
        .slotName(options.get(ORDERS_SLOT))
        .decodingPluginName("pgoutput")
        .heartbeatInterval(options.get(ORDERS_HEARTBEAT))
        .debeziumProperties(debezium)
        .startupOptions(StartupOptions.initial())
        .deserializer(new JsonDebeziumDeserializationSchema())
        .build();
  }

  /** The payments source; a discovery interval of 0 reads the files present and ends. */
  public static FileSource<FileLine> payments(Configuration options) {
    Path root = new Path(options.get(PAYMENTS_PATH));
    Duration every = options.get(PAYMENTS_DISCOVERY);
    return every.isZero() ? FileLineSources.bounded(root) : FileLineSources.continuous(root, every);
  }

  /** The click source; {@code bounded} stops at the offsets that exist when the job starts. */
  public static KafkaSource<KafkaRecord> clicks(Configuration options, boolean bounded) {
    var builder =
        KafkaSource.<KafkaRecord>builder()
            .setBootstrapServers(options.get(KAFKA_BOOTSTRAP))
            .setTopics(options.get(CLICKS_TOPIC))
            .setGroupId(options.get(CLICKS_GROUP))
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new KafkaRecordDeserializer())
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
