package dev.sluice.job.source.cdc;

import static dev.sluice.job.source.cdc.CdcOptions.*;

import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.ColumnDef;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.factory.StagingContext.StagedTable;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.staging.StagedSchemas;
import dev.sluice.job.staging.StagingFunction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** A {@code postgres-cdc} source: its CDC reader, the router and one staging per table. */
final class CdcSource implements PipelineSource {

  private final SourceDef def;
  private final PipelineDefinition pipeline;
  private final Map<String, String> metadataKeys;
  private final List<CdcRoute> routes = new ArrayList<>();

  CdcSource(SourceDef def, PipelineDefinition pipeline, Map<String, String> metadataKeys) {
    this.def = def;
    this.pipeline = pipeline;
    this.metadataKeys = metadataKeys;
    for (TableDef table : def.tables()) {
      DefOptions o = table.options();
      boolean named = o.contains(TABLE);
      if (named == o.contains(TABLE_PATTERN)) {
        throw o.error(
            TABLE,
            "give exactly one of table and table-pattern",
            "table: public.items, or table-pattern: 'public\\.items_\\d{4}'");
      }
      if (named && o.get(TABLE).indexOf('.') <= 0) {
        throw o.error(
            TABLE, "'" + o.get(TABLE) + "' is not schema-qualified", "table: public.<name>");
      }
      routes.add(
          new CdcRoute(
              table.name(),
              named ? o.get(TABLE) : null,
              named ? null : o.get(TABLE_PATTERN),
              upstreamKey(table)));
    }
  }

  /** The key columns as the captured table names them (metadata columns left out). */
  private static List<String> upstreamKey(TableDef table) {
    List<String> key = new ArrayList<>();
    for (String column : table.options().get(KEY)) {
      ColumnDef declared = TableContracts.column(table, column);
      if (declared == null) {
        throw table
            .options()
            .error(KEY, "key column " + column + " is not declared under columns", null);
      }
      String field = TableContracts.sourceField(declared);
      if (field != null) {
        key.add(field);
      }
    }
    return key;
  }

  String slot() {
    return def.options()
        .getOptional(SLOT)
        .orElse(("sluice_" + pipeline.name() + "_" + def.name()).replaceAll("[^a-z0-9_]", "_"));
  }

  String publication() {
    return def.options().getOptional(PUBLICATION).orElse(slot() + "_pub");
  }

  /** The source database as a JDBC endpoint. */
  static PostgresEndpoint endpoint(SourceDef def) {
    DefOptions o = def.options();
    return new PostgresEndpoint(
        "jdbc:postgresql://" + o.get(HOSTNAME) + ":" + o.get(PORT) + "/" + o.get(DATABASE),
        o.get(USERNAME),
        o.getOptional(PASSWORD_ENV).orElse(null),
        o.getOptional(PASSWORD_FILE).orElse(null));
  }

  /** Checks the source database and its tables (see {@link CdcPreflight}); the tables found. */
  List<CdcPreflight.Captured> preflight() {
    return CdcPreflight.run(def.name(), endpoint(def), routes, slot(), publication());
  }

  @Override
  public void stage(StagingContext staging) {
    String name = staging.name();
    List<CdcPreflight.Captured> captured = staging.preflight() ? preflight() : List.of();
    DataStream<String> events =
        staging
            .env()
            .fromSource(
                reader(), WatermarkStrategy.noWatermarks(), "source: " + def.name() + " (cdc)")
            .uid(name + "-source-" + def.name());
    SingleOutputStreamOperator<ChangeEvent> routed =
        events
            .process(router(name))
            .returns(ChangeEvent.class)
            .uid(name + "-route-" + def.name())
            .name("route: " + def.name());
    staging.deadLetters(routed.getSideOutput(StagingFunction.DEAD_LETTERS));
    staging.progress(
        routed
            .process(new ProgressMarks<>(progress(def.name(), staging.tenancy()), 1_000))
            .uid(name + "-progress-marks-" + def.name())
            .name("progress marks: " + def.name()));
    for (int i = 0; i < routes.size(); i++) {
      stageTable(staging, routed, def.tables().get(i), routes.get(i), captured);
    }
  }

  private void stageTable(
      StagingContext staging,
      SingleOutputStreamOperator<ChangeEvent> routed,
      TableDef table,
      CdcRoute route,
      List<CdcPreflight.Captured> captured) {
    String name = staging.name();
    DefOptions o = table.options();
    List<String> key = o.get(KEY);
    Contract contract = contract(table, staging.tenancy());
    SingleOutputStreamOperator<Row> rows =
        CdcTableStaging.apply(
            staging,
            routed.getSideOutput(route.tag()),
            tableStaging(name, table, route, contract, captured),
            contract,
            table,
            o.get(VIEW));
    o.getOptional(HISTORY_VIEW)
        .ifPresent(
            view -> {
              String version =
                  o.getOptional(VERSION_COLUMN)
                      .orElseThrow(
                          () ->
                              o.error(
                                  VERSION_COLUMN,
                                  "history-view needs the column that tells versions apart",
                                  "version-column: <a column such as valid_from>"));
              List<String> historyKey = new ArrayList<>(key);
              historyKey.add(version);
              DataStream<Row> versions =
                  rows.filter(row -> row.getKind() != RowKind.DELETE)
                      .returns(contract.rowType())
                      .uid(name + "-versions-" + table.name())
                      .name("versions: " + table.name());
              staging.table(
                  StagedTable.plain(
                      view,
                      versions,
                      StagedSchemas.withKey(contract.schema(false, null), historyKey),
                      ChangelogMode.upsert()));
            });
  }

  /** The router of this source's change events. */
  ChangeEventRouter router(String pipelineName) {
    return new ChangeEventRouter(pipelineName, def.name(), routes);
  }

  /** Which captured tables each table definition takes, in table order. */
  List<CdcRoute> routes() {
    return routes;
  }

  Contract contract(TableDef table, Tenancy tenancy) {
    return TableContracts.of(
        table, table.options().get(KEY), tenancy, ValueEncoding.DEBEZIUM, metadataKeys);
  }

  /**
   * The staging of {@code table}, run keyed by {@link ChangeEvent#key}: its image columns are
   * checked against the contract's fields, {@code other-columns} and those the preflight found
   * {@code captured}.
   */
  CdcTableStaging tableStaging(
      String pipelineName,
      TableDef table,
      CdcRoute route,
      Contract contract,
      List<CdcPreflight.Captured> captured) {
    DefOptions o = table.options();
    Set<String> expected = new LinkedHashSet<>(contract.sourceFields());
    expected.addAll(o.get(OTHER_COLUMNS));
    captured.stream()
        .filter(c -> c.route().equals(table.name()))
        .forEach(c -> expected.addAll(c.columns()));
    ColumnDrift drift =
        new ColumnDrift(
            route.selector(),
            o.scope() + "." + SCHEMA_DRIFT.key(),
            o.get(SCHEMA_DRIFT),
            expected,
            contract.sourceFields());
    return new CdcTableStaging(
        pipelineName,
        table.name(),
        contract,
        route.keyFields,
        drift,
        def.options().get(REDELIVERY_RETENTION));
  }

  /** Per table and tenant: complete up to the commit time of its latest streamed change. */
  static ProgressMarks.Reader<ChangeEvent> progress(String source, Tenancy tenancy) {
    String tenantColumn = tenancy.column();
    Set<String> allowed = new HashSet<>(tenancy.allowed());
    return (event, watermark) -> {
      // A snapshot read carries no commit time: it tells nothing of how far the stream is.
      if (event.commitMillis <= 0) {
        return null;
      }
      String tenant = tenantColumn == null ? "*" : event.fields().text(tenantColumn);
      if (tenant == null || (tenantColumn != null && !allowed.contains(tenant))) {
        return null;
      }
      return new ProgressMark(source, event.table, tenant, event.commitMillis, "lsn=" + event.lsn);
    };
  }

  private PostgresIncrementalSource<String> reader() {
    DefOptions o = def.options();
    Properties debezium = new Properties();
    debezium.setProperty("decimal.handling.mode", "string");
    debezium.setProperty("time.precision.mode", "connect");
    debezium.setProperty("publication.name", publication());
    // The preflight creates the publication for every table before the job starts.
    debezium.setProperty("publication.autocreate.mode", "disabled");
    String password;
    try {
      password = endpoint(def).password();
    } catch (SQLException e) {
      throw new IllegalStateException("source " + def.name() + ": " + e.getMessage(), e);
    }
    List<String> tables = new ArrayList<>();
    Set<String> schemas = new LinkedHashSet<>();
    boolean patterns = false;
    for (CdcRoute route : routes) {
      tables.add(route.name != null ? route.name : route.pattern);
      if (route.name != null) {
        schemas.add(route.name.substring(0, route.name.indexOf('.')));
      } else {
        patterns = true;
      }
    }
    var builder =
        PostgresIncrementalSource.<String>builder()
            .hostname(o.get(HOSTNAME))
            .port(o.get(PORT))
            .database(o.get(DATABASE))
            .tableList(tables.toArray(new String[0]))
            .username(o.get(USERNAME))
            .password(password == null ? "" : password)
            .slotName(slot())
            .decodingPluginName("pgoutput")
            .heartbeatInterval(o.get(HEARTBEAT))
            .debeziumProperties(debezium)
            .startupOptions(StartupOptions.initial())
            .deserializer(new JsonDebeziumDeserializationSchema());
    if (!patterns) {
      builder.schemaList(schemas.toArray(new String[0]));
    }
    return builder.build();
  }
}
