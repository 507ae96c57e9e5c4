package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.CDC_DATABASE;
import static dev.sluice.job.config.ShopOptions.CDC_PORT;
import static dev.sluice.job.config.ShopOptions.CDC_SLOT;
import static dev.sluice.job.config.ShopOptions.CDC_USER;
import static dev.sluice.job.config.ShopOptions.PAYMENTS_PATH;
import static dev.sluice.job.config.ShopOptions.WAREHOUSE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopOracle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDC preflight against a real Postgres: what it fixes itself, what it refuses and why. */
class SourcePreflightITCase {

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
    SourcePreflight.run(options(db, Map.of()));
    assertThat(published(db, "sluice_shop_pub")).containsExactly("customers", "orders");

    sql(
        db,
        "DROP PUBLICATION sluice_shop_pub",
        "CREATE PUBLICATION sluice_shop_pub FOR TABLE orders");
    SourcePreflight.run(options(db, Map.of()));
    assertThat(published(db, "sluice_shop_pub")).containsExactly("customers", "orders");
  }

  @Test
  void aMissingTableOrKeyOrPrivilegeIsNamedWithTheFix() throws Exception {
    String db = database(false);
    sql(db, ShopGenerator.ORDERS_DDL);
    assertThatThrownBy(() -> SourcePreflight.run(options(db, Map.of())))
        .hasMessageContaining("captured table public.customers does not exist");

    sql(db, "CREATE TABLE customers (tenant_id TEXT, customer_id BIGINT)");
    assertThatThrownBy(() -> SourcePreflight.run(options(db, Map.of())))
        .hasMessageContaining("public.customers has no primary key");

    sql(
        db,
        "ALTER TABLE customers ADD PRIMARY KEY (tenant_id, customer_id)",
        "CREATE ROLE weak_" + db + " LOGIN",
        "CREATE ROLE reader_" + db + " LOGIN REPLICATION");
    assertThatThrownBy(() -> SourcePreflight.run(options(db, Map.of(CDC_USER.key(), "weak_" + db))))
        .hasMessageContaining("may not replicate")
        .hasMessageContaining("ALTER ROLE weak_" + db + " WITH REPLICATION");
    assertThatThrownBy(
            () -> SourcePreflight.run(options(db, Map.of(CDC_USER.key(), "reader_" + db))))
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
      assertThatThrownBy(() -> SourcePreflight.run(options(db, Map.of())))
          .hasMessageContaining("no free replication slot for sluice_shop")
          .hasMessageContaining("max_replication_slots=" + max);
      String ours = "filler_" + db + "_" + used;
      SourcePreflight.run(options(db, Map.of(CDC_SLOT.key(), ours)));
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

  private static Configuration options(String db, Map<String, String> extra) throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put(CDC_PORT.key(), String.valueOf(stack.postgres().port()));
    o.put(CDC_DATABASE.key(), db);
    o.put(PAYMENTS_PATH.key(), temp.toUri().toString());
    o.put(WAREHOUSE_URL.key(), stack.postgres().jdbcUrl(db));
    o.putAll(extra);
    return SluiceJob.defaultPipeline(o);
  }

  private static List<String> published(String db, String publication) throws SQLException {
    try (Connection c = stack.postgres().connect(db)) {
      return ShopOracle.rows(
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
