package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.CDC_CUSTOMERS_TABLE;
import static dev.sluice.job.config.ShopOptions.CDC_ORDERS_TABLE;
import static dev.sluice.job.config.ShopOptions.CDC_REDELIVERY_RETENTION;
import static dev.sluice.job.config.ShopOptions.CDC_SCHEMA_DRIFT;
import static dev.sluice.job.config.ShopOptions.CLICKS_DEDUPE_RETENTION;
import static dev.sluice.job.config.ShopOptions.CLICKS_IDLENESS;
import static dev.sluice.job.config.ShopOptions.CLICKS_OUT_OF_ORDERNESS;
import static dev.sluice.job.config.ShopOptions.CLICKS_SCHEMA_DRIFT;
import static dev.sluice.job.config.ShopOptions.CURRENCIES;
import static dev.sluice.job.config.ShopOptions.PAYMENTS_SCHEMA_DRIFT;
import static dev.sluice.job.config.ShopOptions.PIPELINE_NAME;
import static dev.sluice.job.config.ShopOptions.SQL_DIR;
import static dev.sluice.job.config.ShopOptions.SQL_FILES;
import static dev.sluice.job.config.ShopOptions.TENANTS;
import static dev.sluice.job.config.ShopOptions.WAREHOUSE_TABLES;

import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.curate.CurateStage;
import dev.sluice.job.curate.CurateStage.Marts;
import dev.sluice.job.curate.SqlScript;
import dev.sluice.job.serve.ServeStage;
import dev.sluice.job.staging.ShopRules;
import dev.sluice.job.staging.StagingStage;
import dev.sluice.job.staging.StagingStage.Staged;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The composer: wires the shop pipeline's stages in the order of the design, top to bottom —
 * sources, ingest/staging, transform/curate and marts (SQL), serve.
 */
public final class ShopPipeline {

  private ShopPipeline() {}

  /** Adds the whole pipeline to {@code env}; the caller executes it. */
  public static void compose(
      StreamExecutionEnvironment env,
      StreamTableEnvironment tableEnv,
      Configuration options,
      ShopSources sources,
      ShopSinks sinks) {
    String name = options.get(PIPELINE_NAME);

    // 1. Sources: batch files, CDC and a stream, each isolated in its own source operator.
    DataStream<String> changeEvents =
        env.fromSource(
                sources.changeEvents,
                WatermarkStrategy.noWatermarks(),
                "source: orders, customers (cdc)")
            .uid(name + "-source-cdc");
    DataStream<FileBatch> paymentDeliveries =
        env.fromSource(
                sources.payments, WatermarkStrategy.noWatermarks(), "source: payments (deliveries)")
            .uid(name + "-source-payments");
    DataStream<KafkaRecord> clickRecords =
        env.fromSource(
                sources.clicks,
                StagingStage.clickWatermarks(
                    options.get(CLICKS_OUT_OF_ORDERNESS), options.get(CLICKS_IDLENESS)),
                "source: clicks (kafka)")
            .uid(name + "-source-clicks");

    // 2. Ingest/staging: parse and validate; rejects become dead letters.
    Staged staged =
        new StagingStage(
                name,
                options.get(CDC_ORDERS_TABLE),
                options.get(CDC_CUSTOMERS_TABLE),
                options.get(CDC_SCHEMA_DRIFT),
                options.get(CDC_REDELIVERY_RETENTION),
                new ShopRules(options.get(TENANTS), options.get(CURRENCIES)),
                options.get(CLICKS_DEDUPE_RETENTION),
                options.get(CLICKS_OUT_OF_ORDERNESS),
                options.get(PAYMENTS_SCHEMA_DRIFT),
                options.get(CLICKS_SCHEMA_DRIFT))
            .apply(changeEvents, paymentDeliveries, clickRecords);

    // 3. Transform/curate and 4. marts: the pipeline's SQL files, in order.
    Marts marts =
        new CurateStage(sqlScripts(options.get(SQL_DIR), options.get(SQL_FILES)))
            .apply(tableEnv, staged);

    // 5. Serve: marts and the batch ledger to Postgres, curated topics to Kafka, dead letters to
    // both.
    new ServeStage(name, options.get(WAREHOUSE_TABLES)).apply(tableEnv, marts, staged, sinks);
  }

  private static List<SqlScript> sqlScripts(String dir, List<String> files) {
    return files.stream().map(file -> SqlScript.load(dir, file)).collect(Collectors.toList());
  }
}
