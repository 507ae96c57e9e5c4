package dev.sluice.connectors.postgres;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Postgres target table of a sink: its name ({@code schema.table}), its columns in row order, its
 * merge key, and optionally a version column that must never go backwards and the columns that name
 * a row's position in its source.
 */
public final class PostgresTable implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<String> columns;
  private final List<String> keyColumns;
  private final String versionColumn;
  private final Map<String, PgType> types;
  private final List<String> positionColumns;

  /**
   * @param types what each column carries, checked against the target's column types by the
   *     preflight; columns left out are not checked
   */
  public PostgresTable(
      String name,
      List<String> columns,
      List<String> keyColumns,
      String versionColumn,
      Map<String, PgType> types) {
    this(name, columns, keyColumns, versionColumn, types, List.of());
  }

  private PostgresTable(
      String name,
      List<String> columns,
      List<String> keyColumns,
      String versionColumn,
      Map<String, PgType> types,
      List<String> positionColumns) {
    if (!name.matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Table " + name + " must be schema.table in lower-case unquoted identifiers");
    }
    for (String column : columns) {
      if (column.startsWith("sluice_")) {
        throw new IllegalArgumentException(
            "Column " + column + " of " + name + ": the prefix sluice_ is the sink's own");
      }
    }
    if (keyColumns.isEmpty() || !columns.containsAll(keyColumns)) {
      throw new IllegalArgumentException(
          "Merge key " + keyColumns + " of " + name + " must be a non-empty subset of " + columns);
    }
    if (versionColumn != null && !columns.contains(versionColumn)) {
      throw new IllegalArgumentException(
          "Version column " + versionColumn + " of " + name + " is not one of " + columns);
    }
    if (!columns.containsAll(positionColumns)) {
      throw new IllegalArgumentException(
          "Position columns " + positionColumns + " of " + name + " are not all in " + columns);
    }
    this.name = name;
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
    this.versionColumn = versionColumn;
    this.types = Map.copyOf(types);
    this.positionColumns = List.copyOf(positionColumns);
  }

  /** A table without a version column or declared types. */
  public PostgresTable(String name, List<String> columns, List<String> keyColumns) {
    this(name, columns, keyColumns, null, Map.of());
  }

  public String name() {
    return name;
  }

  public String schema() {
    return name.substring(0, name.indexOf('.'));
  }

  public String simpleName() {
    return name.substring(name.indexOf('.') + 1);
  }

  public List<String> columns() {
    return columns;
  }

  public List<String> keyColumns() {
    return keyColumns;
  }

  /** The version column, or null. */
  public String versionColumn() {
    return versionColumn;
  }

  /**
   * This table with {@code positionColumns}: the columns that name where a row came from (e.g. a
   * dead letter's {@code source} and {@code position}); the sink's dead letter of a row it could
   * not write gives their values as its position, instead of the row's key.
   */
  public PostgresTable withPositionColumns(List<String> positionColumns) {
    return new PostgresTable(name, columns, keyColumns, versionColumn, types, positionColumns);
  }

  /** The columns naming a row's position in its source; empty if none are declared. */
  public List<String> positionColumns() {
    return positionColumns;
  }

  /** The declared type of each column the preflight checks. */
  public Map<String, PgType> types() {
    return types;
  }

  /** Positions of the merge key columns within a row. */
  public int[] keyPositions() {
    return keyColumns.stream().mapToInt(columns::indexOf).toArray();
  }

  /** The staging table of this target in {@code stagingSchema}. */
  public String stagingTable(String stagingSchema) {
    return stagingSchema + "." + schema() + "__" + simpleName();
  }

  String columnList(String prefix) {
    return columns.stream().map(c -> prefix + c).collect(Collectors.joining(", "));
  }

  String keyList(String prefix) {
    return keyColumns.stream().map(c -> prefix + c).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name + columns + " key " + keyColumns;
  }
}
