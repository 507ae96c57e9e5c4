package dev.sluice.job.definition;

import java.io.Serializable;
import java.util.List;

/** One entry of {@code sinks:}: its type, its own options and the views it serves. */
public final class SinkDef implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String type;
  private final DefOptions options;
  private final List<TargetDef> targets;
  private final Location location;

  SinkDef(
      String name, String type, DefOptions options, List<TargetDef> targets, Location location) {
    this.name = name;
    this.type = type;
    this.options = options;
    this.targets = List.copyOf(targets);
    this.location = location;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  /** Validated against the sink factory's options. */
  public DefOptions options() {
    return options;
  }

  /** In file order. */
  public List<TargetDef> targets() {
    return targets;
  }

  public Location location() {
    return location;
  }

  @Override
  public String toString() {
    return type + " " + options + " targets " + targets;
  }
}
