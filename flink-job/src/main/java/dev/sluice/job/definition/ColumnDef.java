package dev.sluice.job.definition;

import java.io.Serializable;

/** One declared column of a table: its type and rules ({@link ColumnOptions}). */
public final class ColumnDef implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final DefOptions options;
  private final Location location;

  ColumnDef(String name, DefOptions options, Location location) {
    this.name = name;
    this.options = options;
    this.location = location;
  }

  public String name() {
    return name;
  }

  /** Validated against {@link ColumnOptions}. */
  public DefOptions options() {
    return options;
  }

  public Location location() {
    return location;
  }

  @Override
  public String toString() {
    return options.toString();
  }
}
