package dev.sluice.job;

import static dev.sluice.job.config.ShopOptions.CDC_CUSTOMERS_TABLE;
import static dev.sluice.job.config.ShopOptions.CDC_DATABASE;
import static dev.sluice.job.config.ShopOptions.CDC_HOST;
import static dev.sluice.job.config.ShopOptions.CDC_ORDERS_TABLE;
import static dev.sluice.job.config.ShopOptions.CDC_PASSWORD_ENV;
import static dev.sluice.job.config.ShopOptions.CDC_PORT;
import static dev.sluice.job.config.ShopOptions.CDC_PUBLICATION;
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

/**
 * Checks the CDC source database before the job starts — logical decoding on, captured tables
 * present with a primary key — and makes the publication cover exactly what the pipeline captures,
 * creating it or adding a missing table. (Letting each CDC reader auto-create it races: the first
 * reader to connect would create it for its own table only, and the other table's changes would
 * never stream.)
 */
public final class SourcePreflight {

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
      for (String table : tables) {
        checkTable(c, source, table);
      }
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

  private static void checkTable(Connection c, PostgresEndpoint source, String table)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT to_regclass(?) IS NOT NULL, EXISTS (SELECT 1 FROM pg_index"
                + " WHERE indrelid = to_regclass(?) AND indisprimary)")) {
      q.setString(1, table);
      q.setString(2, table);
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
