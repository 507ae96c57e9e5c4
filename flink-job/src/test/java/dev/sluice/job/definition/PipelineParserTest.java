package dev.sluice.job.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.definition.TestOptions.Drift;
import dev.sluice.job.definition.TestOptions.Mode;
import dev.sluice.job.factory.PipelineFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A good pipeline file read in full: every definition, option value and location. */
class PipelineParserTest {

  private static final String SHOP = "classpath:definition/shop.yaml";

  private static Location line(int line) {
    return new Location(SHOP, line);
  }

  @Test
  void thePipelineOptionsComeFromPipelineCheckpointAndRestarts() {
    PipelineDefinition pipeline = PipelineFiles.load(SHOP, Map.of());
    DefOptions options = pipeline.options();
    assertThat(pipeline.name()).isEqualTo("shop");
    assertThat(pipeline.file()).isEqualTo(SHOP);
    assertThat(pipeline.sqlDir()).isEqualTo("classpath:definition/sql");
    assertThat(options.scope()).isEqualTo("pipeline");
    assertThat(options.get(PipelineOptions.SQL_FILES))
        .containsExactly("10_staging.sql", "20_curate.sql");
    assertThat(options.get(PipelineOptions.TENANCY_COLUMN)).isEqualTo("tenant_id");
    assertThat(options.get(PipelineOptions.TENANCY_ALLOWED)).containsExactly("acme", "globex");
    assertThat(options.get(PipelineOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.get(PipelineOptions.RESTARTS_MAX_ATTEMPTS)).isEqualTo(3);
    assertThat(options.get(PipelineOptions.RESTARTS_RESET_AFTER)).isEqualTo(Duration.ofMinutes(5));
    assertThat(options.contains(PipelineOptions.RESTARTS_RESET_AFTER)).isFalse();
    assertThat(options.getOptional(PipelineOptions.CHECKPOINT_DIR)).isEmpty();
    assertThat(options.location(PipelineOptions.TENANCY_ALLOWED)).isEqualTo(line(8));
    assertThat(options.location(PipelineOptions.CHECKPOINT_INTERVAL)).isEqualTo(line(58));
    assertThat(options.location(PipelineOptions.CHECKPOINT_DIR)).isEqualTo(line(2));
    assertThat(options.path(PipelineOptions.CHECKPOINT_INTERVAL)).isEqualTo("checkpoint.interval");
    assertThat(options.path(PipelineOptions.TENANCY_COLUMN)).isEqualTo("pipeline.tenancy.column");
    assertThat(options.error(PipelineOptions.RESTARTS_MAX_ATTEMPTS, "too few", "Raise it"))
        .hasMessage(SHOP + " line 61: restarts.max-attempts: too few. Raise it.");
    assertThat(options.toConfiguration().toMap())
        .containsEntry("checkpoint.interval", "5 s")
        .containsEntry("name", "shop");
  }

  @Test
  void aMultiTableSourceHoldsItsTablesColumnsAndExpectationsInFileOrder() {
    PipelineDefinition pipeline = PipelineFiles.load(SHOP, Map.of());
    assertThat(pipeline.sources())
        .extracting(SourceDef::name)
        .containsExactly("shop-db", "payments");
    SourceDef shopDb = pipeline.source("shop-db");
    assertThat(shopDb.type()).isEqualTo("test-cdc");
    assertThat(shopDb.location()).isEqualTo(line(11));
    assertThat(shopDb.options().scope()).isEqualTo("sources.shop-db");
    assertThat(shopDb.options().get(TestOptions.HOSTNAME)).isEqualTo("localhost");
    assertThat(shopDb.options().get(TestOptions.PORT)).isEqualTo(5433);
    assertThat(shopDb.options().location(TestOptions.PORT)).isEqualTo(line(14));
    assertThat(shopDb.options().get(TestOptions.HEARTBEAT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(shopDb.tables()).extracting(TableDef::name).containsExactly("orders", "customers");

    TableDef orders = shopDb.tables().get(0);
    assertThat(orders.source()).isEqualTo("shop-db");
    assertThat(orders.location()).isEqualTo(line(17));
    assertThat(orders.options().scope()).isEqualTo("sources.shop-db.tables.orders");
    assertThat(orders.options().get(TestOptions.TABLE)).isEqualTo("public.orders");
    assertThat(orders.options().get(TestOptions.VIEW)).isEqualTo("stg_orders");
    assertThat(orders.options().get(TestOptions.KEY)).containsExactly("tenant_id", "order_id");
    assertThat(orders.options().get(TestOptions.SCHEMA_DRIFT)).isEqualTo(Drift.DEAD_LETTER);
    assertThat(orders.options().location(TestOptions.SCHEMA_DRIFT)).isEqualTo(line(21));
    assertThat(orders.options().contains(TestOptions.HOSTNAME)).isFalse();
    assertThat(orders.columns())
        .extracting(ColumnDef::name)
        .containsExactly("tenant_id", "order_id", "status", "amount", "created_at", "lsn");
    assertThat(orders.columns())
        .extracting(ColumnDef::location)
        .extracting(Location::line)
        .containsExactly(23, 24, 25, 26, 27, 28);

    DefOptions orderId = orders.columns().get(1).options();
    assertThat(orderId.scope()).isEqualTo("sources.shop-db.tables.orders.columns.order_id");
    assertThat(orderId.get(ColumnOptions.TYPE)).isEqualTo("BIGINT");
    assertThat(orderId.get(ColumnOptions.REQUIRED)).isTrue();
    assertThat(orderId.get(ColumnOptions.MIN)).isEqualTo("1");
    assertThat(orderId.get(ColumnOptions.TRIM)).isTrue();
    assertThat(orderId.getOptional(ColumnOptions.MAX)).isEmpty();
    assertThat(orders.columns().get(2).options().get(ColumnOptions.ACCEPTED))
        .containsExactly("PENDING", "PAID");
    DefOptions amount = orders.columns().get(3).options();
    assertThat(amount.get(ColumnOptions.TYPE)).isEqualTo("DECIMAL(12, 2)");
    assertThat(amount.get(ColumnOptions.REQUIRED)).isFalse();
    assertThat(amount.location(ColumnOptions.TYPE)).isEqualTo(line(26));
    DefOptions createdAt = orders.columns().get(4).options();
    assertThat(createdAt.get(ColumnOptions.MIN)).isEqualTo("2000-01-01T00:00:00Z");
    assertThat(createdAt.get(ColumnOptions.MAX)).isEqualTo("now + 1 d");
    assertThat(orders.columns().get(5).options().get(ColumnOptions.METADATA)).isEqualTo("lsn");

    assertThat(orders.expectations()).hasSize(2);
    ExpectationDef paid = orders.expectations().get(0);
    assertThat(paid.name()).isEqualTo("paid_has_amount");
    assertThat(paid.sql()).isEqualTo("status <> 'PAID' OR amount > 0");
    assertThat(paid.onViolation()).isEqualTo(OnViolation.DEAD_LETTER);
    assertThat(paid.location()).isEqualTo(line(30));
    assertThat(paid.scope())
        .isEqualTo("sources.shop-db.tables.orders.expectations.paid_has_amount");
    ExpectationDef positive = orders.expectations().get(1);
    assertThat(positive.sql()).isEqualTo("order_id > 0");
    assertThat(positive.onViolation()).isEqualTo(OnViolation.WARN);

    TableDef customers = shopDb.tables().get(1);
    assertThat(customers.options().get(TestOptions.SCHEMA_DRIFT)).isEqualTo(Drift.EVOLVE);
    assertThat(customers.expectations()).isEmpty();
    assertThat(customers.columns())
        .singleElement()
        .satisfies(
            column -> assertThat(column.options().get(ColumnOptions.TYPE)).isEqualTo("BIGINT"));
  }

  @Test
  void aSingleTableSourceSplitsItsKeysBetweenSourceAndTable() {
    SourceDef payments = PipelineFiles.load(SHOP, Map.of()).source("payments");
    assertThat(payments.type()).isEqualTo("test-files");
    assertThat(payments.location()).isEqualTo(line(38));
    assertThat(payments.options().get(TestOptions.PATH))
        .isEqualTo("file:///var/lib/sluice/landing/payments");
    assertThat(payments.options().get(TestOptions.DISCOVERY_INTERVAL))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(payments.options().contains(TestOptions.VIEW)).isFalse();
    assertThat(payments.tables())
        .singleElement()
        .satisfies(
            table -> {
              assertThat(table.name()).isEqualTo("payments");
              assertThat(table.source()).isEqualTo("payments");
              assertThat(table.location()).isEqualTo(line(38));
              assertThat(table.options().scope()).isEqualTo("sources.payments");
              assertThat(table.options().get(TestOptions.VIEW)).isEqualTo("stg_payments");
              assertThat(table.options().location(TestOptions.VIEW)).isEqualTo(line(42));
              assertThat(table.options().contains(TestOptions.PATH)).isFalse();
              assertThat(table.columns())
                  .extracting(ColumnDef::name)
                  .containsExactly("payment_id", "source_file");
              DefOptions paymentId = table.columns().get(0).options();
              assertThat(paymentId.scope()).isEqualTo("sources.payments.columns.payment_id");
              assertThat(paymentId.get(ColumnOptions.PATTERN)).isEqualTo("P-[0-9]+");
              assertThat(paymentId.get(ColumnOptions.MAX_LENGTH)).isEqualTo(12);
              assertThat(paymentId.get(ColumnOptions.TRIM)).isFalse();
            });
  }

  @Test
  void aSinkHoldsItsTargetsByViewWithTheShorthandForItsTarget() {
    PipelineDefinition pipeline = PipelineFiles.load(SHOP, Map.of());
    assertThat(pipeline.sinks()).extracting(SinkDef::name).containsExactly("warehouse");
    SinkDef warehouse = pipeline.sink("warehouse");
    assertThat(warehouse.type()).isEqualTo("test-sink");
    assertThat(warehouse.location()).isEqualTo(line(49));
    assertThat(warehouse.options().get(TestOptions.URL))
        .isEqualTo("jdbc:postgresql://localhost:5432/warehouse");
    assertThat(warehouse.options().get(TestOptions.DEAD_LETTERS)).isEqualTo("ops.dead_letters");
    assertThat(warehouse.targets())
        .extracting(TargetDef::view)
        .containsExactly("mart_revenue", "cur_orders");
    TargetDef revenue = warehouse.targets().get(0);
    assertThat(revenue.options().scope()).isEqualTo("sinks.warehouse.tables.mart_revenue");
    assertThat(revenue.options().get(TestOptions.TABLE)).isEqualTo("marts.revenue");
    assertThat(revenue.options().get(TestOptions.MODE)).isEqualTo(Mode.UPSERT);
    assertThat(revenue.location()).isEqualTo(line(54));
    TargetDef orders = warehouse.targets().get(1);
    assertThat(orders.options().get(TestOptions.TABLE)).isEqualTo("curated.orders");
    assertThat(orders.options().get(TestOptions.MODE)).isEqualTo(Mode.APPEND);
    assertThat(orders.options().get(TestOptions.KEY)).containsExactly("tenant_id", "order_id");
    assertThat(orders.location()).isEqualTo(line(55));
  }

  @Test
  void lookingUpAMissingSourceOrSinkNamesTheOnesThereAre() {
    PipelineDefinition pipeline = PipelineFiles.load(SHOP, Map.of());
    assertThatThrownBy(() -> pipeline.source("clicks"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(SHOP + " has no source named 'clicks'; its sources: shop-db, payments");
    assertThatThrownBy(() -> pipeline.sink("events"))
        .hasMessage(SHOP + " has no sink named 'events'; its sinks: warehouse");
  }

  @Test
  void aDefinitionSurvivesJavaSerialization() throws Exception {
    PipelineDefinition pipeline = PipelineFiles.load(SHOP, Map.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(pipeline);
    }
    PipelineDefinition copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PipelineDefinition) in.readObject();
    }
    TableDef orders = copy.source("shop-db").tables().get(0);
    assertThat(orders.options().get(TestOptions.SCHEMA_DRIFT)).isEqualTo(Drift.DEAD_LETTER);
    assertThat(orders.options().location(TestOptions.SCHEMA_DRIFT)).isEqualTo(line(21));
    assertThat(copy.options().get(PipelineOptions.CHECKPOINT_INTERVAL))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aRelativeSqlDirIsResolvedAgainstTheFilesDirectory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pipelines/shop.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "pipeline: {name: shop, sql-dir: ../sql}\n");
    assertThat(PipelineFiles.load(file.toString(), Map.of()).sqlDir())
        .isEqualTo(dir.resolve("sql").toString());
    Files.writeString(file, "pipeline: {name: shop}\n");
    assertThat(PipelineFiles.load(file.toString(), Map.of()).sqlDir())
        .isEqualTo(dir.resolve("pipelines").toString());
    Files.writeString(file, "pipeline: {name: shop, sql-dir: 'classpath:sql/shop'}\n");
    assertThat(PipelineFiles.load(file.toString(), Map.of()).sqlDir())
        .isEqualTo("classpath:sql/shop");
    Files.writeString(file, "pipeline: {name: shop, sql-dir: /opt/sluice/sql}\n");
    assertThat(PipelineFiles.load(file.toString(), Map.of()).sqlDir()).isEqualTo("/opt/sluice/sql");
  }

  @Test
  void aFileWithNoSourcesOrSinksHasEmptyListsAndDefaults() {
    PipelineDefinition pipeline = Pipelines.parse("pipeline:\n  name: bare\n");
    assertThat(pipeline.sources()).isEmpty();
    assertThat(pipeline.sinks()).isEmpty();
    assertThat(pipeline.options().get(PipelineOptions.SQL_FILES)).isEqualTo(List.of());
    assertThat(pipeline.options().get(PipelineOptions.CHECKPOINT_INTERVAL))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(pipeline.options().getOptional(PipelineOptions.TENANCY_COLUMN)).isEmpty();
  }

  @Test
  void listItemsKeepSemicolonsAndQuotes() {
    PipelineDefinition pipeline =
        Pipelines.parse(
            """
            pipeline:
              name: quoting
              sql-files: []
            sources:
              payments:
                type: test-files
                path: /landing
                view: stg_payments
                columns:
                  note: {type: STRING, accepted: ["a;b", "it's", ' padded ']}
            """);
    assertThat(
            pipeline
                .source("payments")
                .tables()
                .get(0)
                .columns()
                .get(0)
                .options()
                .get(ColumnOptions.ACCEPTED))
        .containsExactly("a;b", "it's", " padded ");
    assertThat(pipeline.options().get(PipelineOptions.SQL_FILES)).isEmpty();
  }
}
