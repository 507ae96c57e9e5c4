package dev.sluice.job.source.cdc;

import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingFunction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Stages a Kafka topic of Debezium change events as CDC does its WAL: every event of the topic a
 * change of the source's one table, staged by key into an upsert changelog (deletes retract, a
 * delete of a row never seen is UNKNOWN_ROW, an unchanged TOASTed value is filled).
 */
public final class DebeziumTopics {

  /** How long a row's last applied LSN is kept: enough for a restore of a recent checkpoint. */
  private static final Duration REDELIVERY = Duration.ofDays(1);

  private DebeziumTopics() {}

  /** The encoding of Debezium's values: dates as days, timestamps as epoch millis. */
  public static final ValueEncoding ENCODING = ValueEncoding.DEBEZIUM;

  /**
   * Adds the staging of {@code records} (the topic's reader) to {@code staging}.
   *
   * @param driftKey the option that set {@code drift}, named when it fails the job
   */
  public static void stage(
      StagingContext staging,
      String source,
      Source<KafkaRecord, ?, ?> records,
      TableDef table,
      Contract contract,
      List<String> keyFields,
      String view,
      String driftKey,
      SchemaDriftPolicy drift) {
    String name = staging.name();
    CdcRoute route = new CdcRoute(table.name(), null, ".*", keyFields);
    SingleOutputStreamOperator<ChangeEvent> events =
        staging
            .env()
            .fromSource(records, WatermarkStrategy.noWatermarks(), "source: " + source + " (kafka)")
            .uid(name + "-source-" + source)
            .process(new DebeziumRecordStaging(name, source, route))
            .returns(ChangeEvent.class)
            .uid(name + "-route-" + source)
            .name("route: " + source);
    staging.deadLetters(events.getSideOutput(StagingFunction.DEAD_LETTERS));
    staging.progress(
        events
            .process(new ProgressMarks<>(CdcSource.progress(source, staging.tenancy()), 1_000))
            .uid(name + "-progress-marks-" + source)
            .name("progress marks: " + source));
    ColumnDrift columns =
        new ColumnDrift(source, driftKey, drift, contract.sourceFields(), contract.sourceFields());
    CdcTableStaging.apply(
        staging,
        events,
        new CdcTableStaging(name, table.name(), contract, keyFields, columns, REDELIVERY),
        contract,
        table,
        view);
  }
}
