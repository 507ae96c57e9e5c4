package dev.sluice.connectors.postgres;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/** A Postgres target table: its name, its columns in row order and its merge key. */
public final class UpsertTable implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<String> columns;
  private final List<String> keyColumns;

  public UpsertTable(String name, List<String> columns, List<String> keyColumns) {
    if (keyColumns.isEmpty() || !columns.containsAll(keyColumns)) {
      throw new IllegalArgumentException(
          "Merge key " + keyColumns + " of " + name + " must be a non-empty subset of " + columns);
    }
    this.name = name;
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
  }

  public String name() {
    return name;
  }

  public List<String> columns() {
    return columns;
  }

  public List<String> keyColumns() {
    return keyColumns;
  }

  /** Positions of the merge key columns within a row. */
  public int[] keyPositions() {
    return keyColumns.stream().mapToInt(columns::indexOf).toArray();
  }

  /** {@code INSERT ... ON CONFLICT (key) DO UPDATE SET ...} for one row. */
  public String upsertSql() {
    String values = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String updates =
        columns.stream()
            .filter(c -> !keyColumns.contains(c))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + name
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + values
        + ") ON CONFLICT ("
        + String.join(", ", keyColumns)
        + ") DO "
        + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
  }

  /** {@code DELETE ... WHERE key = ?} for one row. */
  public String deleteSql() {
    return "DELETE FROM "
        + name
        + " WHERE "
        + keyColumns.stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
  }
}
