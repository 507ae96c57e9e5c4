package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.CDC_CUSTOMERS_TABLE;
import static dev.sluice.job.config.ShopOptions.CDC_DATABASE;
import static dev.sluice.job.config.ShopOptions.CDC_HOST;
import static dev.sluice.job.config.ShopOptions.CDC_ORDERS_TABLE;
import static dev.sluice.job.config.ShopOptions.CDC_PASSWORD_ENV;
import static dev.sluice.job.config.ShopOptions.CDC_PORT;
import static dev.sluice.job.config.ShopOptions.CDC_PUBLICATION;
import static dev.sluice.job.config.ShopOptions.CDC_SLOT;
import static dev.sluice.job.config.ShopOptions.CDC_USER;

import dev.sluice.connectors.postgres.PostgresEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the CDC source database before the job starts, each failure with what is wrong and the
 * fix: logical decoding on; the role may replicate and read the captured tables; the tables exist
 * with a primary key; a replication slot is free (or ours exists); inactive slots of earlier Sluice
 * runs, which hold WAL back, are reported with the statement that drops them. Then it makes the
 * publication cover exactly what the pipeline captures, creating it or adding a missing table.
 * (Letting each CDC reader auto-create it races: the first reader to connect would create it for
 * its own table only, and the other table's changes would never stream.)
 */
public final class SourcePreflight {

  private static final Logger LOG = LoggerFactory.getLogger(SourcePreflight.class);

  private SourcePreflight() {}

  /** The source database as a JDBC endpoint; the password comes from the named variable. */
  public static PostgresEndpoint source(Configuration options) {
    return new PostgresEndpoint(
        "jdbc:postgresql://"
            + options.get(CDC_HOST)
            + ":"
            + options.get(CDC_PORT)
            + "/"
            + options.get(CDC_DATABASE),
        options.get(CDC_USER),
        options.get(CDC_PASSWORD_ENV),
        null);
  }

  /** Runs the checks; fails with what is wrong and how to fix it. */
  public static void run(Configuration options) {
    PostgresEndpoint source = source(options);
    List<String> tables = List.of(options.get(CDC_ORDERS_TABLE), options.get(CDC_CUSTOMERS_TABLE));
    String publication = options.get(CDC_PUBLICATION);
    try (Connection c = source.connect()) {
      checkWalLevel(c, source);
      checkRole(c, source);
      for (String table : tables) {
        checkTable(c, source, table);
      }
      checkSlots(c, source, options.get(CDC_SLOT));
      ensurePublication(c, publication, tables);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "CDC preflight of " + source + " failed: " + e.getMessage(), e);
    }
  }

  private static void checkWalLevel(Connection c, PostgresEndpoint source) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW wal_level")) {
      rs.next();
      if (!"logical".equals(rs.getString(1))) {
        throw new IllegalStateException(
            source
                + " has wal_level="
                + rs.getString(1)
                + "; CDC needs logical. Fix: ALTER SYSTEM SET wal_level = logical; then restart"
                + " Postgres");
      }
    }
  }

  private static void checkRole(Connection c, PostgresEndpoint source) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_user, rolreplication OR rolsuper FROM pg_roles"
                    + " WHERE rolname = current_user")) {
      rs.next();
      if (!rs.getBoolean(2)) {
        throw new IllegalStateException(
            "role "
                + rs.getString(1)
                + " at "
                + source
                + " may not replicate. Fix: ALTER ROLE "
                + rs.getString(1)
                + " WITH REPLICATION");
      }
    }
  }

  /**
   * Our slot may exist (a restart resumes from it); otherwise one must be free. Inactive slots of
   * other Sluice pipelines are reported: they keep WAL on the source's disk until dropped.
   */
  private static void checkSlots(Connection c, PostgresEndpoint source, String slot)
      throws SQLException {
    boolean ours = false;
    int used = 0;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(),"
                    + " restart_lsn)) FROM pg_replication_slots")) {
      while (rs.next()) {
        used++;
        String name = rs.getString(1);
        if (name.equals(slot)) {
          ours = true;
        } else if (!rs.getBoolean(2) && name.startsWith("sluice")) {
          LOG.warn(
              "Inactive replication slot {} at {} holds {} of WAL; if no pipeline uses it any"
                  + " more: SELECT pg_drop_replication_slot('{}')",
              name,
              source,
              rs.getString(3),
              name);
        }
      }
    }
    if (ours) {
      return;
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW max_replication_slots")) {
      rs.next();
      int max = rs.getInt(1);
      if (used >= max) {
        throw new IllegalStateException(
            source
                + " has no free replication slot for "
                + slot
                + " ("
                + used
                + " of max_replication_slots="
                + max
                + " in use). Fix: drop an unused one (SELECT slot_name, active FROM"
                + " pg_replication_slots; SELECT pg_drop_replication_slot('name')) or raise"
                + " max_replication_slots");
      }
    }
  }

  private static void checkTable(Connection c, PostgresEndpoint source, String table)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT to_regclass(?) IS NOT NULL, EXISTS (SELECT 1 FROM pg_index"
                + " WHERE indrelid = to_regclass(?) AND indisprimary),"
                + " to_regclass(?) IS NULL OR has_table_privilege(to_regclass(?), 'SELECT')")) {
      for (int i = 1; i <= 4; i++) {
        q.setString(i, table);
      }
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException(
              "captured table " + table + " does not exist in " + source);
        }
        if (!rs.getBoolean(2)) {
          throw new IllegalStateException(
              "captured table " + table + " has no primary key; CDC keys changes by it");
        }
        if (!rs.getBoolean(3)) {
          throw new IllegalStateException(
              "the CDC role may not read "
                  + table
                  + " at "
                  + source
                  + ". Fix: GRANT SELECT ON "
                  + table
                  + " TO <role>");
        }
      }
    }
  }

  private static void ensurePublication(Connection c, String publication, List<String> tables)
      throws SQLException {
    List<String> published = new ArrayList<>();
    boolean exists;
    try (PreparedStatement q =
        c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
      q.setString(1, publication);
      try (ResultSet rs = q.executeQuery()) {
        exists = rs.next();
        if (exists && rs.getBoolean(1)) {
          return;
        }
      }
    }
    if (!exists) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE PUBLICATION " + publication + " FOR TABLE " + String.join(", ", tables));
      }
      return;
    }
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?")) {
      q.setString(1, publication);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          published.add(rs.getString(1));
        }
      }
    }
    for (String table : tables) {
      if (!published.contains(table)) {
        try (Statement st = c.createStatement()) {
          st.execute("ALTER PUBLICATION " + publication + " ADD TABLE " + table);
        }
      }
    }
  }
}
