package dev.sluice.connectors.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test access to Postgres: the first column of a query's rows, and plain statements. */
final class Sql {

  private Sql() {}

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

  static void execute(PostgresEndpoint endpoint, String... statements) throws SQLException {
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
