package dev.sluice.job.definition;

import java.io.Serializable;

/** Where a sink serves one view: a table, a topic, with the target's options. */
public final class TargetDef implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String view;
  private final DefOptions options;
  private final Location location;

  TargetDef(String view, DefOptions options, Location location) {
    this.view = view;
    this.options = options;
    this.location = location;
  }

  /** The view the pipeline's SQL defines (the key in the sink's target section). */
  public String view() {
    return view;
  }

  /** Validated against the sink factory's target options. */
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
