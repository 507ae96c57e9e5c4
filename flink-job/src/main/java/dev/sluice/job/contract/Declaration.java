package dev.sluice.job.contract;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of one table's declaration, compiling its columns; each problem is an {@link
 * IllegalArgumentException} that starts with where the column is declared and says the fix.
 */
final class Declaration {

  private Declaration() {}

  /** Column positions by name; rejects unnamed and twice-declared columns, and shared fields. */
  static Map<String, Integer> positions(String table, List<ColumnSpec> specs) {
    if (specs == null || specs.isEmpty()) {
      throw new IllegalArgumentException(
          "table " + table + " declares no columns; declare each column it stages under columns");
    }
    Map<String, Integer> positions = new LinkedHashMap<>();
    Map<String, String> readers = new HashMap<>();
    for (ColumnSpec spec : specs) {
      if (spec.name() == null || spec.name().isBlank()) {
        throw new IllegalArgumentException(spec.where() + ": a column needs a name");
      }
      if (positions.putIfAbsent(spec.name(), positions.size()) != null) {
        throw new IllegalArgumentException(
            spec.where() + ": column " + spec.name() + " is declared twice; remove one");
      }
      if (spec.metadata() == null) {
        String other = readers.putIfAbsent(spec.field(), spec.name());
        if (other != null) {
          throw new IllegalArgumentException(
              spec.where()
                  + ": reads record field "
                  + spec.field()
                  + ", which column "
                  + other
                  + " reads too; a field is staged once (give each column its own from)");
        }
      }
    }
    return positions;
  }

  /** The positions of the key columns; each must be declared, once. */
  static int[] keyPositions(String table, List<String> key, Map<String, Integer> positions) {
    int[] keyPositions = new int[key.size()];
    for (int i = 0; i < key.size(); i++) {
      Integer position = positions.get(key.get(i));
      if (position == null) {
        throw new IllegalArgumentException(
            "table "
                + table
                + ": key names column "
                + key.get(i)
                + ", which is not declared; declare it under columns or remove it from key"
                + " (columns: "
                + positions.keySet()
                + ")");
      }
      if (key.indexOf(key.get(i)) != i) {
        throw new IllegalArgumentException(
            "table " + table + ": key names column " + key.get(i) + " twice; name it once");
      }
      keyPositions[i] = position;
    }
    return keyPositions;
  }

  /** One column, compiled; a key column is required whatever it declares. */
  static Column column(
      ColumnSpec spec,
      boolean key,
      Tenancy tenancy,
      ValueEncoding encoding,
      Map<String, String> metadataKeys) {
    String where = spec.where();
    ColumnType type = ColumnType.parse(spec.type(), where);
    boolean string = type.kind == ColumnKind.STRING;
    if (spec.metadata() != null) {
      checkMetadata(spec, key, metadataKeys);
    }
    if (!spec.trim() && !string) {
      throw new IllegalArgumentException(
          where + ".trim: false applies to strings; a " + type + " value is always stripped");
    }
    if (spec.maxLength() != null) {
      if (!string) {
        throw new IllegalArgumentException(
            where + ".max-length applies to strings, not " + type + "; use max for a number");
      }
      if (spec.maxLength() < 1) {
        throw new IllegalArgumentException(
            where + ".max-length is " + spec.maxLength() + "; it must be 1 or more");
      }
    }
    if (!spec.accepted().isEmpty() && !string) {
      throw new IllegalArgumentException(
          where + ".accepted applies to strings, not " + type + "; use min and max for ranges");
    }
    Pattern pattern = spec.pattern() == null ? null : pattern(spec, string);
    Bound min = null;
    Bound max = null;
    if (spec.min() != null || spec.max() != null) {
      if (!type.kind.isOrdered()) {
        throw new IllegalArgumentException(
            where
                + ": min and max apply to numbers, dates and timestamps, not "
                + type
                + "; use accepted or pattern");
      }
      min = spec.min() == null ? null : Bound.parse(spec.min(), type, where + ".min");
      max = spec.max() == null ? null : Bound.parse(spec.max(), type, where + ".max");
      if (min != null && max != null && min.isAbove(max)) {
        throw new IllegalArgumentException(
            where + ": min " + min.text + " is above max " + max.text + "; no value fits both");
      }
    }
    Set<String> tenants = null;
    if (spec.name().equals(tenancy.column())) {
      if (!string) {
        throw new IllegalArgumentException(
            where
                + ".type: "
                + spec.name()
                + " is the tenancy column (tenancy.column), so it must be STRING, not "
                + type);
      }
      tenants = tenancy.allowed();
    }
    if (spec.withinPartition() != null && !type.kind.isTemporal()) {
      throw new IllegalArgumentException(
          where + ".within-partition applies to dates and timestamps, not " + type);
    }
    return new Column(spec, type, encoding, spec.required() || key, pattern, min, max, tenants);
  }

  private static void checkMetadata(ColumnSpec spec, boolean key, Map<String, String> keys) {
    String where = spec.where();
    if (spec.from() != null) {
      throw new IllegalArgumentException(
          where
              + ": from and metadata exclude each other (a column reads a record field or a"
              + " metadata value); remove one");
    }
    if (!keys.containsKey(spec.metadata())) {
      StringBuilder known = new StringBuilder();
      new TreeMap<>(keys)
          .forEach(
              (k, what) ->
                  known.append(known.length() == 0 ? "" : ", ").append(k + " (" + what + ")"));
      throw new IllegalArgumentException(
          where
              + ".metadata: '"
              + spec.metadata()
              + "' is not a metadata key of this source; its keys are: "
              + (known.length() == 0 ? "none" : known));
    }
    if (key) {
      throw new IllegalArgumentException(
          where
              + ": "
              + spec.name()
              + " is a key column, and a key is made of record fields; remove metadata or take"
              + " the column out of key");
    }
  }

  private static Pattern pattern(ColumnSpec spec, boolean string) {
    if (!string) {
      throw new IllegalArgumentException(
          spec.where() + ".pattern applies to strings; use min and max for other types");
    }
    try {
      return Pattern.compile(spec.pattern());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          spec.where()
              + ".pattern: '"
              + spec.pattern()
              + "' is not a Java regular expression ("
              + e.getDescription()
              + " at index "
              + e.getIndex()
              + "); fix or quote it");
    }
  }

  /**
   * For each column, the position of the DATE column it must fall within (within-partition), or -1.
   */
  static int[] partitions(
      List<ColumnSpec> specs, Column[] columns, Map<String, Integer> positions) {
    int[] partitions = new int[specs.size()];
    for (int i = 0; i < partitions.length; i++) {
      ColumnSpec spec = specs.get(i);
      partitions[i] = -1;
      if (spec.withinPartition() == null) {
        continue;
      }
      Integer day = positions.get(spec.withinPartition());
      if (day == null || day == i || columns[day].type.kind != ColumnKind.DATE) {
        throw new IllegalArgumentException(
            spec.where()
                + ".within-partition: '"
                + spec.withinPartition()
                + "' is not another declared DATE column; name the column of the partition's day"
                + " (e.g. dt)");
      }
      partitions[i] = day;
    }
    return partitions;
  }
}
