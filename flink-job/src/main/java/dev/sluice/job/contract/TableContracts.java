package dev.sluice.job.contract;

import dev.sluice.job.definition.ColumnDef;
import dev.sluice.job.definition.ColumnOptions;
import dev.sluice.job.definition.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link Contract} of a table definition from its declared columns. */
public final class TableContracts {

  private TableContracts() {}

  /**
   * The contract of {@code table}, staged by {@code key}; a bad declaration fails naming the file,
   * line and key.
   *
   * @param metadataKeys what the source's columns may name as {@code metadata:}
   */
  public static Contract of(
      TableDef table,
      List<String> key,
      Tenancy tenancy,
      ValueEncoding encoding,
      Map<String, String> metadataKeys) {
    List<ColumnSpec> specs = new ArrayList<>();
    for (ColumnDef column : table.columns()) {
      var o = column.options();
      specs.add(
          new ColumnSpec(
              column.name(),
              o.get(ColumnOptions.TYPE),
              o.getOptional(ColumnOptions.FROM).orElse(null),
              o.get(ColumnOptions.REQUIRED),
              o.get(ColumnOptions.TRIM),
              o.getOptional(ColumnOptions.ACCEPTED).orElse(null),
              o.getOptional(ColumnOptions.MIN).orElse(null),
              o.getOptional(ColumnOptions.MAX).orElse(null),
              o.getOptional(ColumnOptions.PATTERN).orElse(null),
              o.getOptional(ColumnOptions.MAX_LENGTH).orElse(null),
              o.getOptional(ColumnOptions.METADATA).orElse(null),
              o.getOptional(ColumnOptions.WITHIN_PARTITION).orElse(null),
              column.location() + ": " + o.scope()));
    }
    return Contract.of(table.name(), specs, key, tenancy, encoding, metadataKeys);
  }

  /** The record field a column reads: its {@code from}, else its name; null for metadata. */
  public static String sourceField(ColumnDef column) {
    if (column.options().getOptional(ColumnOptions.METADATA).isPresent()) {
      return null;
    }
    return column.options().getOptional(ColumnOptions.FROM).orElse(column.name());
  }

  /** The declared column {@code name} of {@code table}, or null. */
  public static ColumnDef column(TableDef table, String name) {
    return table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
