package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.config.SchemaDriftPolicy;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.progress.ProgressReaders;
import dev.sluice.job.progress.ProgressTracker;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** Ingest/staging: each source parsed and validated on its own; rejects become dead letters. */
public final class StagingStage {

  /** The staged streams and the dead letters of every staging step. */
  public static final class Staged {
    public final DataStream<Row> orders;
    public final DataStream<Row> customers;
    public final DataStream<Row> customerVersions;
    public final DataStream<Row> payments;
    public final DataStream<Row> batchLedger;
    public final DataStream<Row> clicks;
    public final DataStream<DeadLetter> deadLetters;
    public final DataStream<Row> progress;

    public Staged(
        DataStream<Row> orders,
        DataStream<Row> customers,
        DataStream<Row> customerVersions,
        DataStream<Row> payments,
        DataStream<Row> batchLedger,
        DataStream<Row> clicks,
        DataStream<DeadLetter> deadLetters,
        DataStream<Row> progress) {
      this.orders = orders;
      this.customers = customers;
      this.customerVersions = customerVersions;
      this.payments = payments;
      this.batchLedger = batchLedger;
      this.clicks = clicks;
      this.deadLetters = deadLetters;
      this.progress = progress;
    }
  }

  private final String pipeline;
  private final String ordersTable;
  private final String customersTable;
  private final SchemaDriftPolicy cdcDrift;
  private final Duration cdcRedeliveryRetention;
  private final ShopRules rules;
  private final Duration dedupeRetention;
  private final Duration clicksOutOfOrderness;
  private final SchemaDriftPolicy paymentsDrift;
  private final SchemaDriftPolicy clicksDrift;

  /**
   * @param ordersTable the captured orders table on the CDC stream, {@code schema.table}
   * @param customersTable the captured customers table on the same stream
   * @param cdcDrift what CDC staging does when a captured table's columns change
   * @param cdcRedeliveryRetention how long CDC staging remembers each row's last applied LSN
   * @param paymentsDrift what settlement files with unknown columns do
   * @param clicksOutOfOrderness how far a click may be behind its partition's latest
   * @param clicksDrift what clicks with unknown fields do
   */
  public StagingStage(
      String pipeline,
      String ordersTable,
      String customersTable,
      SchemaDriftPolicy cdcDrift,
      Duration cdcRedeliveryRetention,
      ShopRules rules,
      Duration dedupeRetention,
      Duration clicksOutOfOrderness,
      SchemaDriftPolicy paymentsDrift,
      SchemaDriftPolicy clicksDrift) {
    this.pipeline = pipeline;
    this.ordersTable = ordersTable;
    this.customersTable = customersTable;
    this.cdcDrift = cdcDrift;
    this.cdcRedeliveryRetention = cdcRedeliveryRetention;
    this.rules = rules;
    this.dedupeRetention = dedupeRetention;
    this.clicksOutOfOrderness = clicksOutOfOrderness;
    this.paymentsDrift = paymentsDrift;
    this.clicksDrift = clicksDrift;
  }

  /**
   * Event-time watermarks for the click source: generated per Kafka partition inside the source
   * (one reader may read several partitions; a watermark assigned after the source would let the
   * fastest partition make the others' clicks LATE), emitted with every event that advances them, a
   * partition idle for {@code idleness} not holding them back.
   */
  public static WatermarkStrategy<KafkaRecord> clickWatermarks(
      Duration maxOutOfOrderness, Duration idleness) {
    long bound = maxOutOfOrderness.toMillis();
    return WatermarkStrategy.<KafkaRecord>forGenerator(ctx -> new EveryEventWatermarks<>(bound))
        .withTimestampAssigner(new ClickEventTime())
        .withIdleness(idleness);
  }

  /** Runs a CDC staging function keyed by its table's key, so it sees every version of a row. */
  private static SingleOutputStreamOperator<Row> keyed(
      DataStream<String> changeEvents, ChangeEventStaging staging, RowTypeInfo type) {
    return changeEvents
        .keyBy(staging.keySelector(), Types.STRING)
        .transform("staging", type, new ProcessOperator<>(staging));
  }

  /** Stages the raw streams: one CDC stream of both tables, files and clicks. */
  public Staged apply(
      DataStream<String> changeEvents,
      DataStream<FileBatch> paymentDeliveries,
      DataStream<KafkaRecord> clickRecords) {
    SingleOutputStreamOperator<Row> orders =
        keyed(
                changeEvents,
                new OrdersStaging(pipeline, ordersTable, rules, cdcDrift, cdcRedeliveryRetention),
                StagedTables.ORDERS_TYPE)
            .uid(pipeline + "-staging-orders")
            .name("staging: orders");
    SingleOutputStreamOperator<Row> customers =
        keyed(
                changeEvents,
                new CustomersStaging(
                    pipeline, customersTable, rules, cdcDrift, cdcRedeliveryRetention),
                StagedTables.CUSTOMERS_TYPE)
            .uid(pipeline + "-staging-customers")
            .name("staging: customers");
    // Every version a customer had: deletes at the source do not erase the history its orders
    // were placed under.
    DataStream<Row> customerVersions =
        customers
            .filter(row -> row.getKind() != RowKind.DELETE)
            .returns(StagedTables.CUSTOMERS_TYPE)
            .uid(pipeline + "-versions-customers")
            .name("versions: customers");
    SingleOutputStreamOperator<BatchLine> ledger =
        paymentDeliveries
            .keyBy(PaymentLedger::key)
            .process(new PaymentLedger(pipeline))
            .uid(pipeline + "-ledger-payments")
            .name("ledger: payments");
    SingleOutputStreamOperator<Row> payments =
        ledger
            .process(new PaymentsStaging(pipeline, rules, paymentsDrift))
            .returns(StagedTables.PAYMENTS_TYPE)
            .uid(pipeline + "-staging-payments")
            .name("staging: payments");
    SingleOutputStreamOperator<Row> parsedClicks =
        clickRecords
            .process(new ClicksStaging(pipeline, rules, clicksDrift))
            .returns(StagedTables.CLICKS_TYPE)
            .uid(pipeline + "-staging-clicks")
            .name("staging: clicks");
    // The watermarks come from the source, per Kafka partition (see clickWatermarks); each
    // partition's latest event time is the filter's keyed state.
    SingleOutputStreamOperator<Row> clicks =
        parsedClicks
            .keyBy(LatenessFilter.partition(), Types.STRING)
            .process(new LatenessFilter(pipeline, "clicks-lateness", clicksOutOfOrderness))
            .returns(StagedTables.CLICKS_TYPE)
            .uid(pipeline + "-lateness-clicks")
            .name("lateness: clicks");
    SingleOutputStreamOperator<Row> uniqueClicks =
        clicks
            .keyBy(ClickDeduplicator::naturalKey)
            .process(new ClickDeduplicator(pipeline, dedupeRetention))
            .returns(StagedTables.CLICKS_TYPE)
            .uid(pipeline + "-dedupe-clicks")
            .name("dedupe: clicks");
    DataStream<DeadLetter> deadLetters =
        orders
            .getSideOutput(StagingFunction.DEAD_LETTERS)
            .union(
                customers.getSideOutput(StagingFunction.DEAD_LETTERS),
                ledger.getSideOutput(StagingFunction.DEAD_LETTERS),
                payments.getSideOutput(StagingFunction.DEAD_LETTERS),
                parsedClicks.getSideOutput(StagingFunction.DEAD_LETTERS),
                clicks.getSideOutput(StagingFunction.DEAD_LETTERS),
                uniqueClicks.getSideOutput(StagingFunction.DEAD_LETTERS));
    DataStream<Row> progress =
        changeEvents
            .process(new ProgressMarks<>(ProgressReaders.changeEvents(rules.tenants()), 1_000))
            .uid(pipeline + "-progress-marks-cdc")
            .name("progress marks: cdc")
            .union(
                payments
                    .process(
                        new ProgressMarks<>(
                            ProgressReaders.stagedDays(
                                0, StagedTables.PAYMENT_DAY, StagedTables.PAYMENT_BATCH),
                            0))
                    .uid(pipeline + "-progress-marks-payments")
                    .name("progress marks: payments"),
                uniqueClicks
                    .process(
                        new ProgressMarks<>(
                            ProgressReaders.clicks(StagedTables.CLICK_POSITION), 1_000))
                    .uid(pipeline + "-progress-marks-clicks")
                    .name("progress marks: clicks"))
            .keyBy(ProgressMark::key)
            .process(new ProgressTracker())
            .returns(StagedTables.PROGRESS_TYPE)
            .uid(pipeline + "-progress")
            .name("progress: complete up to");
    return new Staged(
        orders,
        customers,
        customerVersions,
        payments,
        ledger.getSideOutput(PaymentLedger.LEDGER),
        uniqueClicks,
        deadLetters,
        progress);
  }
}
