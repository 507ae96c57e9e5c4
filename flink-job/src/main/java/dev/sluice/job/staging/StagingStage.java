package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.connectors.kafka.KafkaRecord;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/** Ingest/staging: each source parsed and validated on its own; rejects become dead letters. */
public final class StagingStage {

  /** The staged streams and the dead letters of every staging step. */
  public static final class Staged {
    public final DataStream<Row> orders;
    public final DataStream<Row> payments;
    public final DataStream<Row> clicks;
    public final DataStream<DeadLetter> deadLetters;

    public Staged(
        DataStream<Row> orders,
        DataStream<Row> payments,
        DataStream<Row> clicks,
        DataStream<DeadLetter> deadLetters) {
      this.orders = orders;
      this.payments = payments;
      this.clicks = clicks;
      this.deadLetters = deadLetters;
    }
  }

  private final String pipeline;
  private final ShopRules rules;
  private final Duration maxOutOfOrderness;
  private final Duration idleness;
  private final Duration dedupeRetention;

  public StagingStage(
      String pipeline,
      ShopRules rules,
      Duration maxOutOfOrderness,
      Duration idleness,
      Duration dedupeRetention) {
    this.pipeline = pipeline;
    this.rules = rules;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleness = idleness;
    this.dedupeRetention = dedupeRetention;
  }

  /** Stages the three raw streams. */
  public Staged apply(
      DataStream<String> orderEvents,
      DataStream<FileLine> paymentLines,
      DataStream<KafkaRecord> clickRecords) {
    SingleOutputStreamOperator<Row> orders =
        orderEvents
            .process(new OrdersStaging(pipeline, rules))
            .returns(StagedTables.ORDERS_TYPE)
            .uid(pipeline + "-staging-orders")
            .name("staging: orders");
    SingleOutputStreamOperator<Row> payments =
        paymentLines
            .process(new PaymentsStaging(pipeline, rules))
            .returns(StagedTables.PAYMENTS_TYPE)
            .uid(pipeline + "-staging-payments")
            .name("staging: payments");
    SingleOutputStreamOperator<Row> parsedClicks =
        clickRecords
            .process(new ClicksStaging(pipeline, rules))
            .returns(StagedTables.CLICKS_TYPE)
            .uid(pipeline + "-staging-clicks")
            .name("staging: clicks");
    long bound = maxOutOfOrderness.toMillis();
    SingleOutputStreamOperator<Row> clicks =
        parsedClicks
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Row>forGenerator(ctx -> new EveryEventWatermarks<>(bound))
                    .withTimestampAssigner(
                        (row, previous) ->
                            ((Instant) row.getField(StagedTables.CLICK_EVENT_TIME)).toEpochMilli())
                    .withIdleness(idleness))
            .uid(pipeline + "-watermarks-clicks")
            .name("watermarks: clicks")
            .process(new LatenessFilter(pipeline, "clicks-lateness"))
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
                payments.getSideOutput(StagingFunction.DEAD_LETTERS),
                parsedClicks.getSideOutput(StagingFunction.DEAD_LETTERS),
                clicks.getSideOutput(StagingFunction.DEAD_LETTERS),
                uniqueClicks.getSideOutput(StagingFunction.DEAD_LETTERS));
    return new Staged(orders, payments, uniqueClicks, deadLetters);
  }
}
