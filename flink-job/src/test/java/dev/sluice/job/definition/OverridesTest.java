package dev.sluice.job.definition;

import static dev.sluice.job.definition.Pipelines.failsAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.TestOptions.Drift;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overrides replace or add values by key path before the file is typed, at line 0. */
class OverridesTest {

  private static final String FILE =
      """
      pipeline:
        name: shop
        tenancy.column: tenant_id
        tenancy.allowed: [acme]
      sources:
        db:
          type: test-cdc
          hostname: localhost
          tables:
            orders:
              table: public.orders
              view: stg_orders
              columns: {id: {type: BIGINT}}
      sinks:
        warehouse:
          type: test-sink
          url: jdbc:postgresql://db/warehouse
          tables:
            mart_revenue: marts.revenue
            cur_orders: {table: curated.orders}
      """;

  private static final Location OVERRIDE = Location.override(Pipelines.FILE);

  @Test
  void anOverrideReplacesAValueAndMovesItsLocationToTheOverride() {
    PipelineDefinition pipeline =
        Pipelines.parse(FILE, Map.of("sources.db.port", "15432", "sources.db.hostname", "pg"));
    DefOptions db = pipeline.source("db").options();
    assertThat(db.get(TestOptions.PORT)).isEqualTo(15432);
    assertThat(db.get(TestOptions.HOSTNAME)).isEqualTo("pg");
    assertThat(db.location(TestOptions.HOSTNAME)).isEqualTo(OVERRIDE);
    assertThat(db.location(TestOptions.HOSTNAME)).hasToString("test.yaml (override)");
    assertThat(pipeline.source("db").location()).isEqualTo(new Location(Pipelines.FILE, 6));
  }

  @Test
  void anOverrideReachesTablesColumnsAndTargets() {
    PipelineDefinition pipeline =
        Pipelines.parse(
            FILE,
            Map.of(
                "sources.db.tables.orders.schema-drift", "DEAD-LETTER",
                "sources.db.tables.orders.columns.id.required", "true",
                "sinks.warehouse.tables.cur_orders.table", "curated.orders_v2",
                "sinks.warehouse.tables.mart_revenue", "marts.revenue_v2"));
    TableDef orders = pipeline.source("db").tables().get(0);
    assertThat(orders.options().get(TestOptions.SCHEMA_DRIFT)).isEqualTo(Drift.DEAD_LETTER);
    assertThat(orders.columns().get(0).options().get(ColumnOptions.REQUIRED)).isTrue();
    assertThat(orders.columns().get(0).options().get(ColumnOptions.TYPE)).isEqualTo("BIGINT");
    SinkDef warehouse = pipeline.sink("warehouse");
    assertThat(warehouse.targets().get(0).options().get(TestOptions.TABLE))
        .isEqualTo("marts.revenue_v2");
    assertThat(warehouse.targets().get(1).options().get(TestOptions.TABLE))
        .isEqualTo("curated.orders_v2");
  }

  @Test
  void aListOverrideSeparatesItemsWithSemicolonsAndReachesDottedKeysOfTheFile() {
    PipelineDefinition pipeline =
        Pipelines.parse(FILE, Map.of("pipeline.tenancy.allowed", "acme;globex"));
    assertThat(pipeline.options().get(PipelineOptions.TENANCY_ALLOWED))
        .containsExactly("acme", "globex");
    assertThat(pipeline.options().location(PipelineOptions.TENANCY_ALLOWED)).isEqualTo(OVERRIDE);
    assertThat(pipeline.options().location(PipelineOptions.TENANCY_COLUMN))
        .isEqualTo(new Location(Pipelines.FILE, 3));
  }

  @Test
  void anOverrideMayAddKeysAndSectionsTheFileDoesNotHave() {
    PipelineDefinition pipeline =
        Pipelines.parse(
            FILE,
            Map.of(
                "checkpoint.interval", "3 s",
                "sinks.warehouse.dead-letters", "ops.letters",
                "sinks.warehouse.tables.mart_funnel", "marts.funnel"));
    assertThat(pipeline.options().get(PipelineOptions.CHECKPOINT_INTERVAL))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(pipeline.options().location(PipelineOptions.CHECKPOINT_INTERVAL))
        .isEqualTo(OVERRIDE);
    SinkDef warehouse = pipeline.sink("warehouse");
    assertThat(warehouse.options().get(TestOptions.DEAD_LETTERS)).isEqualTo("ops.letters");
    assertThat(warehouse.targets())
        .extracting(TargetDef::view)
        .containsExactly("mart_revenue", "cur_orders", "mart_funnel");
    assertThat(warehouse.targets().get(2).location()).isEqualTo(OVERRIDE);
  }

  @Test
  void anOverrideMayAddASourceThatSetsItsType() {
    PipelineDefinition pipeline =
        Pipelines.parse(
            FILE,
            Map.of(
                "sources.extra.type", "test-files",
                "sources.extra.path", "/landing",
                "sources.extra.view", "stg_extra",
                "sources.extra.columns.id", "STRING"));
    assertThat(pipeline.sources()).extracting(SourceDef::name).containsExactly("db", "extra");
    SourceDef extra = pipeline.source("extra");
    assertThat(extra.location()).isEqualTo(OVERRIDE);
    assertThat(extra.tables().get(0).options().get(TestOptions.VIEW)).isEqualTo("stg_extra");
  }

  @Test
  void aBadOverrideValueFailsAtTheOverride() {
    failsAt(FILE, Map.of("sources.db.port", "abc"), 0, "sources.db.port")
        .hasMessage(
            "test.yaml (override): sources.db.port: 'abc' is not a valid Integer (For input"
                + " string: \"abc\"). Write a whole number.");
  }

  @Test
  void anOverrideOfASectionOrThroughAValueOrOfABadPathIsRefused() {
    failsAt(FILE, Map.of("sources.db", "x"), 0, "sources.db")
        .hasMessageEndingWith(
            "this is a section of the file, not a value. Override one of its keys.");
    failsAt(FILE, Map.of("sources.db.hostname.x", "y"), 0, "sources.db.hostname.x")
        .hasMessageEndingWith(
            "sources.db.hostname is a value in the file, not a section. Override"
                + " sources.db.hostname itself.");
    failsAt(FILE, Map.of("sources..port", "1"), 0, "sources..port")
        .hasMessageEndingWith(
            "an override needs a key path of dot-separated names. Write it as"
                + " section.name.key=value, e.g. sources.my-db.port=15432.");
  }

  @Test
  void aPasswordOverrideIsRefusedToo() {
    failsAt(FILE, Map.of("sinks.warehouse.password", "hunter2"), 0, "sinks.warehouse.password")
        .hasMessageContaining("a password is never written in a pipeline file");
  }
}
