package dev.sluice.job.contract;

import static dev.sluice.connectors.deadletter.DeadLetterReason.PARTITION_MISMATCH;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * One table's contract: its declared columns turn a raw record (fields as text, plus metadata) into
 * a staged row, or reject it with a reason and a detail naming the field and value.
 */
public final class Contract implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The event-time attribute {@link #schema} adds for a rowtime column. */
  static final String ROWTIME = "rowtime";

  private final String table;
  private final Column[] columns;
  private final List<String> names;
  private final Map<String, Integer> positions;
  private final List<String> key;
  private final boolean[] isKey;
  private final int[] keyAndMetadata;
  private final int[] partitions;
  private final Set<String> sourceFields;
  private final WritableRow writable;

  private Contract(
      String table,
      Column[] columns,
      Map<String, Integer> positions,
      List<String> key,
      int[] keyPositions,
      int[] partitions) {
    this.table = table;
    this.columns = columns;
    this.names = List.copyOf(positions.keySet());
    this.positions = Map.copyOf(positions);
    this.key = List.copyOf(key);
    this.isKey = new boolean[columns.length];
    for (int position : keyPositions) {
      isKey[position] = true;
    }
    this.keyAndMetadata =
        IntStream.range(0, columns.length)
            .filter(i -> isKey[i] || columns[i].metadata != null)
            .toArray();
    this.partitions = partitions;
    Set<String> fields = new LinkedHashSet<>();
    for (Column column : columns) {
      if (column.metadata == null) {
        fields.add(column.field);
      }
    }
    this.sourceFields = Collections.unmodifiableSet(fields);
    this.writable = new WritableRow(names, keyPositions);
  }

  /**
   * The contract of {@code table}, its declaration checked.
   *
   * @param table the table's name, for messages
   * @param columns the declared columns, in the order of the staged row
   * @param key the key columns (declared, not metadata; always required); empty for none
   * @param tenancy the tenants served, checked on the column it names
   * @param encoding how the source writes dates and timestamps
   * @param metadataKeys the metadata keys the source offers, each with what it holds (for messages)
   * @throws IllegalArgumentException for a declaration problem: the message starts with the
   *     column's {@code where} (or the table, for the key) and says the fix
   */
  public static Contract of(
      String table,
      List<ColumnSpec> columns,
      List<String> key,
      Tenancy tenancy,
      ValueEncoding encoding,
      Map<String, String> metadataKeys) {
    List<String> keyColumns = key == null ? List.of() : key;
    Tenancy tenants = tenancy == null ? Tenancy.none() : tenancy;
    Map<String, String> metadata = metadataKeys == null ? Map.of() : metadataKeys;
    Map<String, Integer> positions = Declaration.positions(table, columns);
    int[] keyPositions = Declaration.keyPositions(table, keyColumns, positions);
    Column[] compiled = new Column[columns.size()];
    for (int i = 0; i < compiled.length; i++) {
      boolean isKey = keyColumns.contains(columns.get(i).name());
      compiled[i] = Declaration.column(columns.get(i), isKey, tenants, encoding, metadata);
    }
    int[] partitions = Declaration.partitions(columns, compiled, positions);
    return new Contract(table, compiled, positions, keyColumns, keyPositions, partitions);
  }

  public String table() {
    return table;
  }

  /** The staged row's columns, in order. */
  public List<String> columnNames() {
    return names;
  }

  public List<String> key() {
    return key;
  }

  /** The position of {@code column} in a staged row. */
  public int index(String column) {
    Integer position = positions.get(column);
    if (position == null) {
      throw new IllegalArgumentException(
          "table " + table + " has no column " + column + "; its columns are " + names);
    }
    return position;
  }

  /** The staged rows' stream type (legacy type infos). */
  public RowTypeInfo rowType() {
    TypeInformation<?>[] types = new TypeInformation<?>[columns.length];
    for (int i = 0; i < types.length; i++) {
      types[i] = columns[i].type.kind.typeInfo;
    }
    return new RowTypeInfo(types, names.toArray(new String[0]));
  }

  /**
   * The staged table's schema with the declared types. With {@code primaryKey}, the key columns are
   * NOT NULL and the primary key; a {@code rowtimeColumn} (a declared timestamp column whose time
   * the stream's records carry) adds the event-time attribute {@value #ROWTIME} with the source's
   * watermarks.
   */
  public Schema schema(boolean primaryKey, String rowtimeColumn) {
    Schema.Builder schema = Schema.newBuilder();
    for (int i = 0; i < columns.length; i++) {
      DataType type = columns[i].type.dataType();
      schema.column(names.get(i), primaryKey && isKey[i] ? type.notNull() : type);
    }
    if (rowtimeColumn != null) {
      ColumnKind kind = columns[index(rowtimeColumn)].type.kind;
      if (kind != ColumnKind.TIMESTAMP_LTZ && kind != ColumnKind.TIMESTAMP) {
        throw new IllegalArgumentException(
            "table "
                + table
                + ": event time column "
                + rowtimeColumn
                + " is "
                + columns[index(rowtimeColumn)].type
                + "; it must be a TIMESTAMP_LTZ or TIMESTAMP column");
      }
      if (positions.containsKey(ROWTIME)) {
        throw new IllegalArgumentException(
            "table "
                + table
                + " declares a column named "
                + ROWTIME
                + ", the name of its event-time attribute; rename the column");
      }
      schema
          .columnByMetadata(ROWTIME, DataTypes.TIMESTAMP_LTZ(3))
          .watermark(ROWTIME, "SOURCE_WATERMARK()");
    }
    if (primaryKey) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "table " + table + " has no key to be its primary key; declare key");
      }
      schema.primaryKey(key);
    }
    return schema.build();
  }

  /** The record fields the contract reads (each non-metadata column's from, else its name). */
  public Set<String> sourceFields() {
    return sourceFields;
  }

  /**
   * The staged row (an INSERT) of {@code record}: each column converted and checked in declared
   * order, then within-partition; the first failure rejects the record.
   */
  public Row row(RecordFields record, MetadataValues metadata) throws Rejected {
    Row row = new Row(columns.length);
    for (int i = 0; i < columns.length; i++) {
      Object value = columns[i].value(record, metadata);
      columns[i].check(value);
      row.setField(i, value);
    }
    for (int i = 0; i < columns.length; i++) {
      if (partitions[i] >= 0) {
        checkPartition(row, i, partitions[i]);
      }
    }
    return row;
  }

  /**
   * The value of {@code column} for {@code text} (as a record would give it), converted and checked
   * by the column's rules: for values that come from elsewhere than a record (a partition
   * directory, an event time read at the source).
   */
  public Object value(String column, String text) throws Rejected {
    Column c = columns[index(column)];
    Object value = c.value(field -> text, key -> null);
    c.check(value);
    return value;
  }

  /**
   * A row holding only the key columns (converted, required; no other rule) and the metadata
   * columns of {@code record}, the rest null: the row a delete retracts.
   */
  public Row key(RecordFields record, MetadataValues metadata) throws Rejected {
    Row row = new Row(columns.length);
    for (int i : keyAndMetadata) {
      row.setField(i, columns[i].value(record, metadata));
    }
    return row;
  }

  /**
   * {@code row}, or a rejection naming the first value no sink can store (text with NUL or an
   * unpaired surrogate, a date or time outside the years 1 to 9999, a non-finite number) or a key
   * taking more than {@value WritableRow#MAX_KEY_BYTES} UTF-8 bytes.
   */
  public Row writable(Row row) throws Rejected {
    return writable.check(row);
  }

  private void checkPartition(Row row, int column, int dayColumn) throws Rejected {
    Object value = row.getField(column);
    Object day = row.getField(dayColumn);
    if (value == null || day == null) {
      return;
    }
    LocalDateTime utc =
        value instanceof Instant
            ? LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC)
            : value instanceof LocalDateTime ? (LocalDateTime) value : null;
    LocalDate on = utc == null ? (LocalDate) value : utc.toLocalDate();
    if (!on.equals(day)) {
      throw new Rejected(
          PARTITION_MISMATCH,
          columns[column].field
              + " "
              + (utc == null ? value : utc + " (UTC)")
              + " is not in partition "
              + names.get(dayColumn)
              + "="
              + day);
    }
  }
}
