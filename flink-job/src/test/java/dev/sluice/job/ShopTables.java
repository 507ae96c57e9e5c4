package dev.sluice.job;

import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.job.factory.StagingContext.StagedTable;
import dev.sluice.job.staging.StagedSchemas;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** The shop example's staged tables, as its pipeline file declares them, fed by test streams. */
public final class ShopTables {

  private static final ConfigOption<List<String>> KEY =
      ConfigOptions.key("key").stringType().asList().defaultValues();

  /** The shop pipeline file as the job jar holds it. */
  public static final PipelineDefinition SHOP =
      PipelineFiles.load(ShopPipelineFile.CLASSPATH, Map.of());

  private ShopTables() {}

  /** The contract of table (or single-table source) {@code name} of the shop file. */
  public static Contract contract(String name) {
    for (SourceDef source : SHOP.sources()) {
      for (TableDef table : source.tables()) {
        if (table.name().equals(name)) {
          return TableContracts.of(
              table,
              table.options().get(KEY),
              Tenancy.of(SHOP),
              source.type().equals("postgres-cdc") ? ValueEncoding.DEBEZIUM : ValueEncoding.TEXT,
              FactoryRegistry.discover()
                  .source(source.type(), source.location(), "type")
                  .metadataKeys());
        }
      }
    }
    throw new IllegalArgumentException("the shop file has no table " + name);
  }

  /** Staged orders: an upsert changelog keyed like stg_orders. */
  public static StagedTable orders(DataStream<Row> rows) {
    return StagedTable.plain(
        "stg_orders", rows, contract("orders").schema(true, null), ChangelogMode.upsert());
  }

  /** Staged customers and every version of them (stg_customers, stg_customer_versions). */
  public static List<StagedTable> customers(DataStream<Row> current, DataStream<Row> versions) {
    Contract c = contract("customers");
    List<String> versionKey = new ArrayList<>(c.key());
    versionKey.add("valid_from");
    return List.of(
        StagedTable.plain("stg_customers", current, c.schema(true, null), ChangelogMode.upsert()),
        StagedTable.plain(
            "stg_customer_versions",
            versions,
            StagedSchemas.withKey(c.schema(false, null), versionKey),
            ChangelogMode.upsert()));
  }

  /** Staged payments: inserts and deletes (stg_payments). */
  public static StagedTable payments(DataStream<Row> rows) {
    return StagedTable.plain(
        "stg_payments",
        rows,
        contract("payments").schema(false, null),
        ChangelogMode.newBuilder()
            .addContainedKind(RowKind.INSERT)
            .addContainedKind(RowKind.DELETE)
            .build());
  }

  /** Staged clicks, append-only with the rowtime of their event_time (stg_clicks). */
  public static StagedTable clicks(DataStream<Row> rows) {
    return StagedTable.plain(
        "stg_clicks",
        rows,
        contract("clicks").schema(false, "event_time"),
        ChangelogMode.insertOnly());
  }
}
