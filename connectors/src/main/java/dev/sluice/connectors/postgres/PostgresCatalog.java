package dev.sluice.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads what a sink needs to know about a target table from the Postgres catalog. */
public final class PostgresCatalog {

  private PostgresCatalog() {}

  /**
   * The primary-key columns of {@code table} ({@code schema.table}) in key order.
   *
   * @throws IllegalArgumentException naming the table when it is missing or has no primary key
   */
  public static List<String> primaryKey(PostgresEndpoint endpoint, String table) {
    try (Connection c = endpoint.connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT a.attname FROM pg_index i"
                    + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true"
                    + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                    + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.n")) {
      q.setString(1, table);
      List<String> key = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1));
        }
      }
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "Target table "
                + table
                + " at "
                + endpoint
                + " is missing or has no primary key; the sink merges by the primary key");
      }
      return key;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the primary key of " + table + " at " + endpoint + ": " + e.getMessage(), e);
    }
  }
}
