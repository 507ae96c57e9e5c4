package dev.sluice.job.source.files;

import static dev.sluice.job.source.files.FilesOptions.*;

import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.file.FileBatchFormat;
import dev.sluice.connectors.file.FileBatchSources;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.ColumnDef;
import dev.sluice.job.definition.ColumnOptions;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.factory.StagingContext.StagedTable;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.source.files.FilesOptions.Format;
import dev.sluice.job.staging.StagingFunction;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** A {@code files} source: discovery of deliveries, the batch ledger and the staging of lines. */
final class FilesSource implements PipelineSource {

  private static final ChangelogMode INSERT_DELETE =
      ChangelogMode.newBuilder()
          .addContainedKind(RowKind.INSERT)
          .addContainedKind(RowKind.DELETE)
          .build();

  private final SourceDef def;
  private final Map<String, String> metadataKeys;
  private final TableDef table;
  private final PartitionLayout layout;

  FilesSource(SourceDef def, Map<String, String> metadataKeys) {
    this.def = def;
    this.metadataKeys = metadataKeys;
    this.table = def.tables().get(0);
    try {
      this.layout = new PartitionLayout(def.options().get(LAYOUT));
    } catch (IllegalArgumentException e) {
      throw def.options().error(LAYOUT, e.getMessage(), "layout: dt={dt}/tenant={tenant_id}");
    }
    for (String column : layout.columns()) {
      if (TableContracts.column(table, column) == null) {
        throw def.options()
            .error(
                LAYOUT,
                "{" + column + "} names no declared column",
                "declare it under columns (e.g. " + column + ": {type: DATE, required: true})");
      }
    }
    for (ColumnDef column : table.columns()) {
      column
          .options()
          .getOptional(ColumnOptions.WITHIN_PARTITION)
          .ifPresent(
              partition -> {
                if (!layout.columns().contains(partition)) {
                  throw column
                      .options()
                      .error(
                          ColumnOptions.WITHIN_PARTITION,
                          "'" + partition + "' is not a column of the layout '" + layout + "'",
                          "name one of "
                              + layout.columns()
                              + " or add {"
                              + partition
                              + "} to layout");
                }
              });
    }
  }

  @Override
  public void stage(StagingContext staging) {
    String name = staging.name();
    String source = def.name();
    DefOptions o = table.options();
    Contract contract =
        TableContracts.of(table, o.get(KEY), staging.tenancy(), ValueEncoding.TEXT, metadataKeys);
    SingleOutputStreamOperator<BatchLine> ledger =
        staging
            .env()
            .fromSource(
                deliveries(), WatermarkStrategy.noWatermarks(), "source: " + source + " (files)")
            .uid(name + "-source-" + source)
            .keyBy(BatchLedger::key)
            .process(new BatchLedger(name, source, contract, layout))
            .uid(name + "-ledger-" + source)
            .name("ledger: " + source);
    SingleOutputStreamOperator<Row> rows =
        ledger
            .process(
                new FileRecordStaging(
                    name, source, contract, def.options().get(FORMAT), layout, o.get(SCHEMA_DRIFT)))
            .returns(contract.rowType())
            .uid(name + "-staging-" + source)
            .name("staging: " + source);
    staging.deadLetters(ledger.getSideOutput(StagingFunction.DEAD_LETTERS));
    staging.deadLetters(rows.getSideOutput(StagingFunction.DEAD_LETTERS));
    staging.ledger(ledger.getSideOutput(BatchLedger.LEDGER));
    staging.table(
        StagedTable.of(
            o.get(VIEW), rows, contract.schema(false, null), INSERT_DELETE, table, o.get(KEY)));
    progress(staging, contract, rows);
  }

  private void progress(
      StagingContext staging, Contract contract, SingleOutputStreamOperator<Row> rows) {
    ProgressMarks.Reader<Row> reader = progress(staging.tenancy(), contract);
    if (reader == null) {
      return;
    }
    staging.progress(
        rows.process(new ProgressMarks<>(reader, 0))
            .uid(staging.name() + "-progress-marks-" + def.name())
            .name("progress marks: " + def.name()));
  }

  /**
   * With a DATE partition: per tenant, complete up to the end of the latest day a staged row was
   * loaded for. Only staged rows move it, so a delivery whose rows were all dead-lettered (or that
   * has none) claims nothing. Null without a DATE partition.
   */
  ProgressMarks.Reader<Row> progress(Tenancy tenancy, Contract contract) {
    String dayColumn = null;
    for (String column : layout.columns()) {
      if (LocalDate.class.equals(
          contract.rowType().getTypeAt(contract.index(column)).getTypeClass())) {
        dayColumn = column;
        break;
      }
    }
    if (dayColumn == null) {
      return null;
    }
    String source = def.name();
    int day = contract.index(dayColumn);
    String tenantColumn = tenancy.column();
    int tenant = tenantColumn == null ? -1 : contract.columnNames().indexOf(tenantColumn);
    String batchColumn = metadataColumn("batch-id");
    int batch = batchColumn == null ? -1 : contract.index(batchColumn);
    ProgressMarks.Reader<Row> reader =
        (row, watermark) -> {
          if (row.getKind() != RowKind.INSERT) {
            return null;
          }
          long endOfDay =
              ((LocalDate) row.getField(day))
                  .plusDays(1)
                  .atStartOfDay(ZoneOffset.UTC)
                  .toInstant()
                  .toEpochMilli();
          return new ProgressMark(
              source,
              source,
              tenant < 0 ? "*" : (String) row.getField(tenant),
              endOfDay,
              batch < 0 ? null : (String) row.getField(batch));
        };
    return reader;
  }

  private String metadataColumn(String key) {
    for (ColumnDef column : table.columns()) {
      if (column.options().getOptional(ColumnOptions.METADATA).filter(key::equals).isPresent()) {
        return column.name();
      }
    }
    return null;
  }

  /**
   * The deliveries; a discovery interval of 0 reads those present and ends. Partitions before
   * backfill-from are never listed.
   */
  private FileSource<FileBatch> deliveries() {
    DefOptions o = def.options();
    Path root = new Path(o.get(PATH));
    Duration every = o.get(DISCOVERY_INTERVAL);
    FileBatchFormat format =
        new FileBatchFormat(
            // A CSV file's header is not a row; a JSON-lines file has none.
            o.get(FORMAT) == Format.CSV ? 1 : 0,
            o.get(MAX_BATCH_MB) * 1024L * 1024L,
            o.get(MAX_LINE_KB) * 1024);
    String from = o.get(BACKFILL_FROM);
    String first = layout.first();
    if (!from.isEmpty() && first == null) {
      throw o.error(BACKFILL_FROM, "needs a layout to compare with", "layout: dt={dt}");
    }
    FileBatchSources.SerializablePathFilter accept =
        path ->
            from.isEmpty()
                || FileBatchSources.partitionValue(path, first)
                    .map(value -> value.compareTo(from) >= 0)
                    .orElse(true);
    return every.isZero()
        ? FileBatchSources.bounded(root, format, accept, o.get(ORPHAN_GRACE))
        : FileBatchSources.continuous(root, format, every, accept, o.get(ORPHAN_GRACE));
  }
}
