package dev.sluice.connectors.postgres;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Turns changelog {@link Row}s of one table into {@link PgChange}s. +I/+U upsert; -U/-D delete (a
 * -U is overwritten by the +U that follows it for the same key).
 */
public final class PgChangeEncoder implements MapFunction<Row, PgChange> {

  private static final long serialVersionUID = 1L;

  private final PostgresTable table;
  private final int[] keyPositions;

  public PgChangeEncoder(PostgresTable table) {
    this.table = table;
    this.keyPositions = table.keyPositions();
  }

  @Override
  public PgChange map(Row row) {
    if (row.getArity() != table.columns().size()) {
      throw new IllegalArgumentException(
          "Row of arity " + row.getArity() + " does not fit " + table);
    }
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < keyPositions.length; i++) {
      if (i > 0) {
        key.append(',');
      }
      PgCsv.append(key, row.getField(keyPositions[i]));
    }
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < row.getArity(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      PgCsv.append(csv, row.getField(i));
    }
    boolean delete = row.getKind() == RowKind.DELETE || row.getKind() == RowKind.UPDATE_BEFORE;
    return new PgChange(table.name(), key.toString(), delete, csv.toString());
  }
}
