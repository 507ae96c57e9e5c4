package dev.sluice.job.definition;

import java.io.Serializable;
import java.util.List;

/** One table a source reads: its options, declared columns (in file order) and expectations. */
public final class TableDef implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String source;
  private final DefOptions options;
  private final List<ColumnDef> columns;
  private final List<ExpectationDef> expectations;
  private final Location location;

  TableDef(
      String name,
      String source,
      DefOptions options,
      List<ColumnDef> columns,
      List<ExpectationDef> expectations,
      Location location) {
    this.name = name;
    this.source = source;
    this.options = options;
    this.columns = List.copyOf(columns);
    this.expectations = List.copyOf(expectations);
    this.location = location;
  }

  /** The key under {@code tables:}, or the source's name for a single-table source. */
  public String name() {
    return name;
  }

  /** The name of the source holding this table. */
  public String source() {
    return source;
  }

  /** Validated against the source factory's table options. */
  public DefOptions options() {
    return options;
  }

  public List<ColumnDef> columns() {
    return columns;
  }

  public List<ExpectationDef> expectations() {
    return expectations;
  }

  public Location location() {
    return location;
  }

  @Override
  public String toString() {
    return options + " columns " + columns + " expectations " + expectations;
  }
}
