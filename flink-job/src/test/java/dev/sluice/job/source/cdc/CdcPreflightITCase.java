package dev.sluice.job.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineParser;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDC preflight against a real Postgres: what it fixes itself, what it refuses and why. */
class CdcPreflightITCase {

  @TempDir static Path temp;
  static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStackConfig.forTests(temp.resolve("stack")));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void thePublicationIsCreatedOrCompletedForBothTables() throws Exception {
    String db = database(true);
    preflight(db, Map.of());
    assertThat(published(db, "sluice_shop_pub")).containsExactly("customers", "orders");

    sql(
        db,
        "DROP PUBLICATION sluice_shop_pub",
        "CREATE PUBLICATION sluice_shop_pub FOR TABLE orders");
    preflight(db, Map.of());
    assertThat(published(db, "sluice_shop_pub")).containsExactly("customers", "orders");
  }

  @Test
  void aMissingTableOrKeyOrPrivilegeIsNamedWithTheFix() throws Exception {
    String db = database(false);
    sql(db, ShopGenerator.ORDERS_DDL);
    assertThatThrownBy(() -> preflight(db, Map.of()))
        .hasMessageContaining(
            "sources.shop-db.tables.customers: public.customers matches no table");

    sql(db, "CREATE TABLE customers (tenant_id TEXT, customer_id BIGINT)");
    assertThatThrownBy(() -> preflight(db, Map.of()))
        .hasMessageContaining("public.customers has no primary key");

    sql(
        db,
        "ALTER TABLE customers ADD PRIMARY KEY (tenant_id, customer_id)",
        "CREATE ROLE weak_" + db + " LOGIN",
        "CREATE ROLE reader_" + db + " LOGIN REPLICATION");
    assertThatThrownBy(() -> preflight(db, Map.of("username", "weak_" + db)))
        .hasMessageContaining("may not replicate")
        .hasMessageContaining("ALTER ROLE weak_" + db + " WITH REPLICATION");
    assertThatThrownBy(() -> preflight(db, Map.of("username", "reader_" + db)))
        .hasMessageContaining("may not read public.orders")
        .hasMessageContaining("GRANT SELECT ON public.orders");
  }

  @Test
  void withoutAFreeSlotItSaysSoUnlessTheSlotIsOurs() throws Exception {
    String db = database(true);
    int max;
    int used;
    try (Connection c = stack.postgres().connect(db);
        Statement st = c.createStatement()) {
      var rs =
          st.executeQuery(
              "SELECT current_setting('max_replication_slots')::int,"
                  + " (SELECT count(*) FROM pg_replication_slots)");
      rs.next();
      max = rs.getInt(1);
      used = rs.getInt(2);
      for (int i = used; i < max; i++) {
        st.execute(
            "SELECT pg_create_logical_replication_slot('filler_" + db + "_" + i + "', 'pgoutput')");
      }
    }
    try {
      assertThatThrownBy(() -> preflight(db, Map.of()))
          .hasMessageContaining("no free replication slot for sluice_shop")
          .hasMessageContaining("max_replication_slots=" + max);
      String ours = "filler_" + db + "_" + used;
      preflight(db, Map.of("slot-name", ours));
    } finally {
      try (Connection c = stack.postgres().connect(db);
          Statement st = c.createStatement()) {
        st.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name LIKE 'filler_"
                + db
                + "_%'");
      }
    }
  }

  private static String database(boolean withTables) throws SQLException {
    String db = "pre_" + UUID.randomUUID().toString().substring(0, 8);
    stack.postgres().createDatabase(db);
    if (withTables) {
      try (Connection c = stack.postgres().connect(db)) {
        ShopGenerator.createSourceTables(c);
      }
    }
    return db;
  }

  /**
   * The preflight of the shop file's CDC source on {@code db}, its options changed by {@code
   * extra}.
   */
  private static List<CdcPreflight.Captured> preflight(String db, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>();
    o.put("sources.shop-db.port", String.valueOf(stack.postgres().port()));
    o.put("sources.shop-db.database", db);
    extra.forEach((key, value) -> o.put("sources.shop-db." + key, value));
    PipelineDefinition pipeline = PipelineFiles.load(ShopPipelineFile.CLASSPATH, o);
    return new CdcSource(pipeline.source("shop-db"), pipeline, Map.of()).preflight();
  }

  @Test
  void theResolvedTablesCarryTheirColumnsAndKeys() throws Exception {
    String db = database(true);
    assertThat(preflight(db, Map.of()))
        .extracting(c -> c.route() + " " + c.name() + " " + c.primaryKey())
        .containsExactly(
            "orders public.orders [tenant_id, order_id]",
            "customers public.customers [tenant_id, customer_id]");
  }

  @Test
  void aPatternMatchingNothingOrATableMatchedTwiceOrAWrongKeyFailsWithTheFix() throws Exception {
    String db = database(true);
    assertThatThrownBy(() -> preflight(db, table("orders", "table-pattern: 'public\\.order_\\d+'")))
        .hasMessageContaining(
            "sources.db.tables.orders: pattern public\\.order_\\d+ matches no table")
        .hasMessageContaining("public.customers");
    assertThatThrownBy(
            () ->
                preflight(
                    db,
                    table("every", "table-pattern: 'public\\..*'")
                        + table("customers", "table: public.customers")))
        .hasMessageContaining(
            "table public.customers is matched by both tables.every and tables.customers");
    assertThatThrownBy(() -> preflight(db, table("orders", "table: public.orders")))
        .hasMessageContaining(
            "sources.db.tables.orders.key: [tenant_id] is not the primary key of public.orders,"
                + " which is [tenant_id, order_id]");
  }

  /**
   * A table definition of {@code name} keyed by tenant_id, for {@link #preflight(String, String)}.
   */
  private static String table(String name, String selector) {
    return String.join(
        "\n",
        "      " + name + ":",
        "        " + selector,
        "        view: stg_" + name,
        "        key: [tenant_id]",
        "        columns: {tenant_id: {type: STRING, required: true}}",
        "");
  }

  /** The preflight of a pipeline file whose one CDC source on {@code db} has {@code tables}. */
  private static List<CdcPreflight.Captured> preflight(String db, String tables) {
    String yaml =
        String.join(
            "\n",
            "pipeline: {name: pre}",
            "sources:",
            "  db:",
            "    type: postgres-cdc",
            "    port: " + stack.postgres().port(),
            "    database: " + db,
            "    slot-name: pre_" + db,
            "    tables:",
            tables);
    PipelineDefinition pipeline =
        PipelineParser.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            "pre.yaml",
            Map.of(),
            FactoryRegistry.discover());
    return new CdcSource(pipeline.source("db"), pipeline, Map.of()).preflight();
  }

  private static List<String> published(String db, String publication) throws SQLException {
    try (Connection c = stack.postgres().connect(db)) {
      return Rows.of(
          c, "SELECT tablename FROM pg_publication_tables WHERE pubname = '" + publication + "'");
    }
  }

  private static void sql(String db, String... statements) throws SQLException {
    try (Connection c = stack.postgres().connect(db);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
