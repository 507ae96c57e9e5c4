package dev.sluice.connectors.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test access to Postgres: a query's rows as strings, and plain statements. */
final class Sql {

  private Sql() {}

  /** The first column of the query's rows, in the query's order. */
  static List<String> column(PostgresEndpoint endpoint, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The query's first column to its second, sorted; fails if a first column repeats. */
  static Map<String, String> map(PostgresEndpoint endpoint, String query) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        String previous = out.put(rs.getString(1), rs.getString(2));
        if (previous != null) {
          throw new IllegalStateException(rs.getString(1) + " twice in: " + query);
        }
      }
    }
    return out;
  }

  static void execute(PostgresEndpoint endpoint, String... statements) throws SQLException {
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
