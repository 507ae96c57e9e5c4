package dev.sluice.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before a job starts, that every target can take exactly-once merges — it exists, its
 * primary key or a unique index is exactly the merge key, it has every column, the role may write
 * it — and creates the staging and progress tables if they are missing.
 */
final class PostgresSinkPreflight {

  private PostgresSinkPreflight() {}

  static void run(PostgresEndpoint endpoint, String stagingSchema, List<PostgresTable> tables) {
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + stagingSchema);
      st.execute(PgSinkSql.createProgressTable(stagingSchema));
      for (PostgresTable table : tables) {
        Map<String, String> types = columnTypes(c, table);
        checkKey(c, table);
        checkPrivileges(c, table);
        List<String> staged = new ArrayList<>();
        for (String column : table.columns()) {
          staged.add(column + " " + types.get(column));
        }
        st.execute(PgSinkSql.createStagingTable(table, stagingSchema, String.join(", ", staged)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Preflight of the Postgres sink at " + endpoint + " failed: " + e.getMessage(), e);
    }
  }

  /** The target's column types; fails naming a missing table or column. */
  private static Map<String, String> columnTypes(Connection c, PostgresTable table)
      throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
      q.setString(1, table.name());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    if (types.isEmpty()) {
      throw new SQLException("target table " + table.name() + " does not exist");
    }
    List<String> missing = new ArrayList<>(table.columns());
    missing.removeAll(types.keySet());
    if (!missing.isEmpty()) {
      throw new SQLException(
          "target table "
              + table.name()
              + " lacks columns "
              + missing
              + "; it has "
              + types.keySet());
    }
    for (Map.Entry<String, PgType> declared : table.types().entrySet()) {
      String actual = types.get(declared.getKey());
      if (!declared.getValue().fits(actual)) {
        throw new SQLException(
            "column "
                + table.name()
                + "."
                + declared.getKey()
                + " is "
                + actual
                + " but receives "
                + declared.getValue()
                + " values; use one of "
                + declared.getValue().postgresTypes());
      }
    }
    return types;
  }

  /** The merge key must be the columns of the primary key or of a unique index, exactly. */
  private static void checkKey(Connection c, PostgresTable table) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT array_to_string(array_agg(a.attname ORDER BY a.attname), ',')"
                + " FROM pg_index i JOIN pg_attribute a"
                + "   ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indpred IS NULL"
                + " GROUP BY i.indexrelid")) {
      q.setString(1, table.name());
      String wanted = String.join(",", table.keyColumns().stream().sorted().toList());
      List<String> found = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      if (!found.contains(wanted)) {
        throw new SQLException(
            "target table "
                + table.name()
                + " has no primary key or unique index on exactly the merge key ("
                + wanted
                + "); unique keys found: "
                + found
                + ". Add one, e.g. ALTER TABLE "
                + table.name()
                + " ADD PRIMARY KEY ("
                + String.join(", ", table.keyColumns())
                + ")");
      }
    }
  }

  private static void checkPrivileges(Connection c, PostgresTable table) throws SQLException {
    for (String privilege : List.of("INSERT", "UPDATE", "DELETE", "SELECT")) {
      try (PreparedStatement q = c.prepareStatement("SELECT has_table_privilege(?, ?)")) {
        q.setString(1, table.name());
        q.setString(2, privilege);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            throw new SQLException(
                "the role lacks "
                    + privilege
                    + " on "
                    + table.name()
                    + "; GRANT it or use another role");
          }
        }
      }
    }
  }
}
