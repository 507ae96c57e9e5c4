package dev.sluice.job.source.cdc;

import dev.sluice.connectors.postgres.PostgresEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a CDC source database before the job starts, each failure with what is wrong and the fix:
 * logical decoding on; the role may replicate; every table definition matches at least one table,
 * no table is matched twice, each matched table has a primary key equal to the declared key and may
 * be read; a replication slot is free (or ours exists); inactive slots of earlier Sluice runs,
 * which hold WAL back, are reported with the statement that drops them. Then it makes the
 * publication cover exactly what the source captures, creating it or adding a missing table.
 * (Letting each CDC reader auto-create it races: the first reader to connect would create it for
 * its own table only, and the other tables' changes would never stream.)
 */
final class CdcPreflight {

  private static final Logger LOG = LoggerFactory.getLogger(CdcPreflight.class);

  private CdcPreflight() {}

  /** A captured table as the database has it: its columns and primary key. */
  record Captured(String route, String name, List<String> columns, List<String> primaryKey) {}

  /**
   * Runs the checks and returns the tables each route captures, in route order; fails with what is
   * wrong and how to fix it.
   *
   * @param source the source's name in the pipeline file, for messages
   */
  static List<Captured> run(
      String source, PostgresEndpoint db, List<CdcRoute> routes, String slot, String publication) {
    try (Connection c = db.connect()) {
      checkWalLevel(c, db);
      checkRole(c, db);
      List<Captured> captured = resolve(c, source, db, routes);
      checkSlots(c, db, slot);
      ensurePublication(c, publication, captured.stream().map(Captured::name).toList());
      return captured;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "CDC preflight of source " + source + " at " + db + " failed: " + e.getMessage(), e);
    }
  }

  /** The tables of every route, each checked; a pattern matching nothing or a table twice fails. */
  private static List<Captured> resolve(
      Connection c, String source, PostgresEndpoint db, List<CdcRoute> routes) throws SQLException {
    List<String> all = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT n.nspname || '.' || t.relname FROM pg_class t"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " WHERE t.relkind IN ('r', 'p')"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " ORDER BY 1")) {
      while (rs.next()) {
        all.add(rs.getString(1));
      }
    }
    Map<String, String> takenBy = new LinkedHashMap<>();
    Map<CdcRoute, List<String>> matches = new LinkedHashMap<>();
    for (CdcRoute route : routes) {
      List<String> matched = all.stream().filter(route::matches).toList();
      if (matched.isEmpty()) {
        throw new IllegalStateException(
            "sources."
                + source
                + ".tables."
                + route.table
                + ": "
                + route.selector()
                + " matches no table in "
                + db
                + ". Fix: create the table or correct the name; tables there: "
                + (all.size() > 20 ? all.subList(0, 20) + "..." : all));
      }
      for (String name : matched) {
        String first = takenBy.putIfAbsent(name, route.table);
        if (first != null) {
          throw new IllegalStateException(
              "sources."
                  + source
                  + ": table "
                  + name
                  + " is matched by both tables."
                  + first
                  + " and tables."
                  + route.table
                  + ". Fix: narrow one pattern so each table is staged once");
        }
      }
      matches.put(route, matched);
    }
    List<Captured> captured = new ArrayList<>();
    for (Map.Entry<CdcRoute, List<String>> route : matches.entrySet()) {
      for (String name : route.getValue()) {
        captured.add(check(c, source, db, route.getKey(), name));
      }
    }
    for (Captured table : captured) {
      LOG.info(
          "CDC source {}: {} -> tables.{} (key {}, columns {})",
          source,
          table.name(),
          table.route(),
          table.primaryKey(),
          table.columns());
    }
    return captured;
  }

  private static Captured check(
      Connection c, String source, PostgresEndpoint db, CdcRoute route, String table)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT has_table_privilege(to_regclass(?), 'SELECT')")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException(
              "the CDC role may not read "
                  + table
                  + " at "
                  + db
                  + ". Fix: GRANT SELECT ON "
                  + table
                  + " TO "
                  + db.user());
        }
      }
    }
    List<String> columns = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    List<String> primaryKey = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.n")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          primaryKey.add(rs.getString(1));
        }
      }
    }
    String scope = "sources." + source + ".tables." + route.table + ".key";
    if (primaryKey.isEmpty()) {
      throw new IllegalStateException(
          scope
              + ": captured table "
              + table
              + " has no primary key; CDC keys changes by it. Fix: ALTER TABLE "
              + table
              + " ADD PRIMARY KEY (...)");
    }
    if (!new HashSet<>(primaryKey).equals(new HashSet<>(route.keyFields))) {
      throw new IllegalStateException(
          scope
              + ": "
              + route.keyFields
              + " is not the primary key of "
              + table
              + ", which is "
              + primaryKey
              + ". Fix: key: "
              + primaryKey
              + " (the key must identify a row as the source does, or deletes and updates of"
              + " one row would stage as another)");
    }
    return new Captured(route.table, table, columns, primaryKey);
  }

  private static void checkWalLevel(Connection c, PostgresEndpoint db) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW wal_level")) {
      rs.next();
      if (!"logical".equals(rs.getString(1))) {
        throw new IllegalStateException(
            db
                + " has wal_level="
                + rs.getString(1)
                + "; CDC needs logical. Fix: ALTER SYSTEM SET wal_level = logical; then restart"
                + " Postgres");
      }
    }
  }

  private static void checkRole(Connection c, PostgresEndpoint db) throws SQLException {
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
                + db
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
  private static void checkSlots(Connection c, PostgresEndpoint db, String slot)
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
              db,
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
            db
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
