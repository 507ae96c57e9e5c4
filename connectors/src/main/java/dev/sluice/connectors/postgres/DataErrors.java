package dev.sluice.connectors.postgres;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Tells a data error of the target (SQLSTATE class 22, 23 or 54: the row's fault) from others. */
final class DataErrors {

  private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

  /** A COPY names the column of a bad value only in its context: "COPY t, line 1, column c: …". */
  private static final Pattern COPY_COLUMN =
      Pattern.compile("COPY [^,]+, line \\d+, column (\\w+)");

  private DataErrors() {}

  /** True if the first SQLSTATE in {@code e}'s chain is of class 22, 23 or 54. */
  static boolean isDataError(Throwable e) {
    SQLException first = first(e);
    return first != null && DATA_CLASSES.contains(first.getSQLState().substring(0, 2));
  }

  /** The SQLSTATE of {@code e}'s chain, or null. */
  static String sqlState(Throwable e) {
    SQLException first = first(e);
    return first == null ? null : first.getSQLState();
  }

  /** "SQLSTATE 23502 null value in column … [, column owner][, constraint …]". */
  static String describe(Throwable e) {
    SQLException first = first(e);
    if (first == null) {
      return String.valueOf(e.getMessage());
    }
    ServerErrorMessage server =
        first instanceof PSQLException ? ((PSQLException) first).getServerErrorMessage() : null;
    if (server == null) {
      return "SQLSTATE " + first.getSQLState() + " " + first.getMessage();
    }
    StringBuilder out =
        new StringBuilder("SQLSTATE ")
            .append(first.getSQLState())
            .append(' ')
            .append(server.getMessage());
    String column = server.getColumn();
    if (column == null && server.getWhere() != null) {
      Matcher copy = COPY_COLUMN.matcher(server.getWhere());
      column = copy.find() ? copy.group(1) : null;
    }
    if (column != null) {
      out.append(", column ").append(column);
    }
    if (server.getConstraint() != null) {
      out.append(", constraint ").append(server.getConstraint());
    }
    return out.toString();
  }

  /** The error of a data error that the sink may not isolate: says how it could. */
  static SQLException notIsolated(PostgresTable table, SQLException e) {
    return new SQLException(
        table.name()
            + " rejected a row: "
            + describe(e)
            + "; the sink's rejectsTo(<dead-letter table>) would isolate such rows as"
            + " SINK_REJECTED dead letters and commit the rest",
        e.getSQLState(),
        e);
  }

  /** The first exception of the chain (next exceptions, then causes) with a SQLSTATE, or null. */
  private static SQLException first(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        for (SQLException s = (SQLException) t; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null && s.getSQLState().length() == 5) {
            return s;
          }
        }
      }
    }
    return null;
  }
}
