package dev.sluice.job.serve;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.postgres.PgChange;
import dev.sluice.connectors.postgres.PgChangeEncoder;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.connectors.postgres.table.FlinkTypes;
import dev.sluice.job.ShopConnectors;
import dev.sluice.job.ShopSinks;
import dev.sluice.job.curate.CurateStage.Marts;
import dev.sluice.job.staging.StagedTables;
import dev.sluice.job.staging.StagingStage.Staged;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Serve: fans the curated views out — every warehouse view to its Postgres table through one
 * exactly-once sink, the curated topics to Kafka, dead letters to both.
 */
public final class ServeStage {

  /** Reconciliation statuses that are not exceptions: tombstones on the exceptions topic. */
  public static final List<String> NOT_EXCEPTIONS = List.of("MATCHED", "NOT_DUE");

  /** The batch ledger's table; its rows are committed with the marts they feed. */
  public static final PostgresTable BATCH_LEDGER =
      new PostgresTable(
          "ops.batch_ledger",
          List.of(StagedTables.LEDGER_TYPE.getFieldNames()),
          List.of("batch_id", "sha256"));

  /** Per stage and tenant, the time up to which the marts hold that input. */
  public static final PostgresTable PIPELINE_PROGRESS =
      new PostgresTable(
          "ops.pipeline_progress",
          List.of(StagedTables.PROGRESS_TYPE.getFieldNames()),
          List.of("stage", "tenant_id"));

  /** Dead letters as rows of {@code ops.dead_letters} (see {@code DeadLetterSinks.TABLE_DDL}). */
  static final RowTypeInfo DEAD_LETTER_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.INSTANT,
            Types.STRING
          },
          DeadLetterSinks.COLUMNS.toArray(new String[0]));

  /**
   * The dead-letter table, written with the marts: a letter is there exactly when the checkpoint
   * that produced it is in the marts — never one of an attempt that was rolled back (whose replay
   * may take another path, e.g. read another copy of a batch first).
   */
  public static final PostgresTable DEAD_LETTERS =
      new PostgresTable(
          ShopConnectors.DEAD_LETTER_TABLE,
          List.of(DEAD_LETTER_TYPE.getFieldNames()),
          List.of("source", "position", "reason"));

  private final String pipeline;
  private final List<String> warehouseTables;

  /**
   * @param warehouseTables entries {@code view=schema.table}
   */
  public ServeStage(String pipeline, List<String> warehouseTables) {
    this.pipeline = pipeline;
    this.warehouseTables = warehouseTables;
  }

  /** Attaches every sink. */
  public void apply(StreamTableEnvironment tableEnv, Marts marts, Staged staged, ShopSinks sinks) {
    DataStream<DeadLetter> deadLetters = staged.deadLetters;
    serveWarehouse(tableEnv, marts, staged, sinks.warehouse);
    tableEnv
        .toDataStream(marts.view("mart_clicks_per_minute"))
        .sinkTo(sinks.clicksPerMinute)
        .uid(pipeline + "-serve-clicks-per-minute")
        .name("serve: kafka clicks_per_minute");
    upserts(tableEnv, marts.view("cur_orders_enriched"), "orders-enriched")
        .sinkTo(sinks.enrichedOrders)
        .uid(pipeline + "-serve-orders-enriched-topic")
        .name("serve: kafka orders_enriched");
    // An order first seen reconciled (or not due) was never an exception: no tombstone needed.
    upserts(tableEnv, marts.view("cur_payment_reconciliation"), "payment-exceptions")
        .filter(
            row ->
                row.getKind() != RowKind.INSERT
                    || !NOT_EXCEPTIONS.contains(row.<String>getFieldAs("reconciliation_status")))
        .uid(pipeline + "-payment-exceptions-only")
        .name("exceptions only: payment reconciliation")
        .sinkTo(sinks.paymentExceptions)
        .uid(pipeline + "-serve-payment-exceptions-topic")
        .name("serve: kafka payment_exceptions");
    deadLetters
        .sinkTo(sinks.deadLetterTopic)
        .uid(pipeline + "-serve-dead-letter-topic")
        .name("serve: kafka dead_letters");
  }

  private static Row deadLetterRow(DeadLetter d) {
    return Row.ofKind(RowKind.INSERT, d.columnValues().toArray());
  }

  /**
   * One writer and one committer for all warehouse tables: each checkpoint lands in one Postgres
   * transaction across them. Every key's changes come from one upstream subtask, so they arrive in
   * order. Unchained, the committer's merge runs beside the writer's next COPY, not in its thread.
   */
  private void serveWarehouse(
      StreamTableEnvironment tableEnv, Marts marts, Staged staged, ShopSinks.Warehouse warehouse) {
    List<PostgresTable> tables =
        new ArrayList<>(List.of(BATCH_LEDGER, PIPELINE_PROGRESS, DEAD_LETTERS));
    DataStream<PgChange> changes =
        staged
            .batchLedger
            .map(new PgChangeEncoder(BATCH_LEDGER))
            .uid(pipeline + "-encode-batch-ledger")
            .name("encode: batch ledger -> " + BATCH_LEDGER.name())
            .union(
                staged
                    .progress
                    .map(new PgChangeEncoder(PIPELINE_PROGRESS))
                    .uid(pipeline + "-encode-pipeline-progress")
                    .name("encode: progress -> " + PIPELINE_PROGRESS.name()))
            .union(
                staged
                    .deadLetters
                    .map(ServeStage::deadLetterRow, DEAD_LETTER_TYPE)
                    .uid(pipeline + "-dead-letter-rows")
                    .name("rows: dead letters")
                    .map(new PgChangeEncoder(DEAD_LETTERS))
                    .uid(pipeline + "-encode-dead-letters")
                    .name("encode: dead letters -> " + DEAD_LETTERS.name()));
    for (String entry : warehouseTables) {
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "sinks.warehouse.tables: '" + entry + "' is not view=schema.table");
      }
      String view = parts[0].strip();
      String tableName = parts[1].strip();
      Table source = marts.view(view);
      PostgresTable table =
          new PostgresTable(
              tableName,
              source.getResolvedSchema().getColumnNames(),
              warehouse.primaryKey(tableName),
              null,
              FlinkTypes.of(source.getResolvedSchema()));
      tables.add(table);
      DataStream<PgChange> encoded =
          tableEnv
              .toChangelogStream(source)
              .map(new PgChangeEncoder(table))
              .uid(pipeline + "-encode-" + view)
              .name("encode: " + view + " -> " + tableName);
      changes = changes.union(encoded);
    }
    changes
        .sinkTo(warehouse.sink(tables))
        .setParallelism(1)
        .disableChaining()
        .uid(pipeline + "-serve-marts")
        .name("serve: postgres warehouse (exactly once)");
  }

  /** The view's changelog without UPDATE_BEFORE rows: what an upsert topic takes. */
  private DataStream<Row> upserts(StreamTableEnvironment tableEnv, Table view, String name) {
    return tableEnv
        .toChangelogStream(view)
        .filter(row -> row.getKind() != RowKind.UPDATE_BEFORE)
        .uid(pipeline + "-upserts-" + name)
        .name("upserts: " + name);
  }
}
