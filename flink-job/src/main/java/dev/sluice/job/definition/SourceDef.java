package dev.sluice.job.definition;

import java.io.Serializable;
import java.util.List;

/** One entry of {@code sources:}: its type, its own options and its tables. */
public final class SourceDef implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String type;
  private final DefOptions options;
  private final List<TableDef> tables;
  private final Location location;

  SourceDef(
      String name, String type, DefOptions options, List<TableDef> tables, Location location) {
    this.name = name;
    this.type = type;
    this.options = options;
    this.tables = List.copyOf(tables);
    this.location = location;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  /** Validated against the source factory's options. */
  public DefOptions options() {
    return options;
  }

  /** In file order; exactly one, named like the source, for a single-table source. */
  public List<TableDef> tables() {
    return tables;
  }

  public Location location() {
    return location;
  }

  @Override
  public String toString() {
    return type + " " + options + " tables " + tables;
  }
}
