package dev.sluice.job.source.kafka;

import static dev.sluice.job.source.kafka.KafkaSourceOptions.*;

import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.connectors.kafka.KafkaRecordDeserializer;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.ColumnDef;
import dev.sluice.job.definition.ColumnOptions;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.factory.StagingContext.StagedTable;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.source.cdc.DebeziumTopics;
import dev.sluice.job.source.kafka.KafkaSourceOptions.Format;
import dev.sluice.job.source.kafka.KafkaSourceOptions.Lateness;
import dev.sluice.job.staging.Deduplicator;
import dev.sluice.job.staging.EveryEventWatermarks;
import dev.sluice.job.staging.LatenessFilter;
import dev.sluice.job.staging.StagingFunction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;

/** A {@code kafka} source: the topic's reader, JSON staging, lateness filter and dedupe. */
final class KafkaTopicSource implements PipelineSource {

  private final SourceDef def;
  private final PipelineDefinition pipeline;
  private final Map<String, String> metadataKeys;
  private final TableDef table;

  KafkaTopicSource(SourceDef def, PipelineDefinition pipeline, Map<String, String> metadataKeys) {
    this.def = def;
    this.pipeline = pipeline;
    this.metadataKeys = metadataKeys;
    this.table = def.tables().get(0);
  }

  @Override
  public void stage(StagingContext staging) {
    String name = staging.name();
    String source = def.name();
    DefOptions o = table.options();
    List<String> key = o.get(KEY);
    if (def.options().get(FORMAT) == Format.DEBEZIUM_JSON) {
      stageChanges(staging, key);
      return;
    }
    Contract contract =
        TableContracts.of(table, key, staging.tenancy(), ValueEncoding.TEXT, metadataKeys);
    String eventTime = o.getOptional(EVENT_TIME).orElse(null);
    int position = positionField(contract);
    WatermarkStrategy<KafkaRecord> watermarks = WatermarkStrategy.noWatermarks();
    if (eventTime != null) {
      ColumnDef column = TableContracts.column(table, eventTime);
      if (column == null || TableContracts.sourceField(column) == null) {
        throw o.error(
            EVENT_TIME, eventTime + " is not a declared column read from the records", null);
      }
      if (position < 0) {
        throw o.error(
            EVENT_TIME,
            "lateness is judged per Kafka partition, read from a column with metadata: position",
            "declare e.g. source_position: {type: STRING, metadata: position}");
      }
      long bound = o.get(MAX_OUT_OF_ORDERNESS).toMillis();
      watermarks =
          WatermarkStrategy.<KafkaRecord>forGenerator(ctx -> new EveryEventWatermarks<>(bound))
              .withTimestampAssigner(
                  new EventTimeAssigner(contract, eventTime, TableContracts.sourceField(column)))
              .withIdleness(o.get(IDLENESS));
    }
    SingleOutputStreamOperator<Row> rows =
        staging
            .env()
            .fromSource(reader(), watermarks, "source: " + source + " (kafka)")
            .uid(name + "-source-" + source)
            .process(new JsonRecordStaging(name, source, contract, o.get(SCHEMA_DRIFT)))
            .returns(contract.rowType())
            .uid(name + "-staging-" + source)
            .name("staging: " + source);
    staging.deadLetters(rows.getSideOutput(StagingFunction.DEAD_LETTERS));
    if (eventTime != null && o.get(LATENESS) == Lateness.DEAD_LETTER) {
      // The watermarks come from the source, per Kafka partition; each partition's latest event
      // time is the filter's keyed state.
      rows =
          rows.keyBy(LatenessFilter.partition(position), Types.STRING)
              .process(
                  new LatenessFilter(
                      name, source + "-lateness", o.get(MAX_OUT_OF_ORDERNESS), position))
              .returns(contract.rowType())
              .uid(name + "-lateness-" + source)
              .name("lateness: " + source);
      staging.deadLetters(rows.getSideOutput(StagingFunction.DEAD_LETTERS));
    }
    Duration retention = o.get(DEDUPE_RETENTION);
    if (!retention.isZero()) {
      if (key.isEmpty()) {
        throw o.error(DEDUPE_RETENTION, "dedupe needs the key it drops repeats of", "key: [...]");
      }
      int[] keyFields = key.stream().mapToInt(contract::index).toArray();
      rows =
          rows.keyBy(Deduplicator.key(keyFields), Types.STRING)
              .process(new Deduplicator(name, source + "-dedupe", retention, position))
              .returns(contract.rowType())
              .uid(name + "-dedupe-" + source)
              .name("dedupe: " + source);
      staging.deadLetters(rows.getSideOutput(StagingFunction.DEAD_LETTERS));
    }
    staging.table(
        StagedTable.of(
            o.get(VIEW),
            rows,
            contract.schema(false, eventTime),
            ChangelogMode.insertOnly(),
            table,
            key));
    if (eventTime != null) {
      staging.progress(
          rows.process(new ProgressMarks<>(watermarkMarks(source, position), 1_000))
              .uid(name + "-progress-marks-" + source)
              .name("progress marks: " + source));
    }
  }

  /**
   * A topic of Debezium change events: staged as CDC stages its WAL (see {@link DebeziumTopics}).
   */
  private void stageChanges(StagingContext staging, List<String> key) {
    DefOptions o = table.options();
    for (var option : List.of(EVENT_TIME, DEDUPE_RETENTION)) {
      if (o.contains(option)) {
        throw o.error(option, "does not apply to format: debezium-json (a changelog)", null);
      }
    }
    if (key.isEmpty()) {
      throw o.error(KEY, "a changelog needs the key of its rows", "key: [<primary key columns>]");
    }
    List<String> fields = new java.util.ArrayList<>();
    for (String column : key) {
      ColumnDef declared = TableContracts.column(table, column);
      if (declared == null || TableContracts.sourceField(declared) == null) {
        throw o.error(
            KEY, "key column " + column + " is not a declared column of the events", null);
      }
      fields.add(TableContracts.sourceField(declared));
    }
    Contract contract =
        TableContracts.of(table, key, staging.tenancy(), DebeziumTopics.ENCODING, metadataKeys);
    DebeziumTopics.stage(
        staging,
        def.name(),
        reader(),
        table,
        contract,
        fields,
        o.get(VIEW),
        o.path(SCHEMA_DRIFT),
        o.get(SCHEMA_DRIFT));
  }

  /**
   * Complete up to the watermark, for every tenant. Read after a keyed exchange (or the source),
   * each subtask's watermark is already the least of every upstream channel's (idle ones aside), so
   * any one subtask's mark holds for the source.
   */
  private static ProgressMarks.Reader<Row> watermarkMarks(String source, int position) {
    return (row, watermark) ->
        watermark <= 0
            ? null
            : new ProgressMark(
                source,
                source,
                "*",
                watermark,
                position < 0 ? null : String.valueOf(row.getField(position)));
  }

  private int positionField(Contract contract) {
    for (ColumnDef column : table.columns()) {
      if (column
          .options()
          .getOptional(ColumnOptions.METADATA)
          .filter("position"::equals)
          .isPresent()) {
        return contract.index(column.name());
      }
    }
    return -1;
  }

  private KafkaSource<KafkaRecord> reader() {
    DefOptions o = def.options();
    var builder =
        KafkaSource.<KafkaRecord>builder()
            .setBootstrapServers(o.get(BOOTSTRAP_SERVERS))
            .setTopics(o.get(TOPIC))
            .setGroupId(
                o.getOptional(GROUP_ID).orElse("sluice-" + pipeline.name() + "-" + def.name()))
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new KafkaRecordDeserializer(o.get(MAX_RECORD_KB) * 1024))
            .setProperty("isolation.level", "read_committed");
    if (o.get(BOUNDED)) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }
}
