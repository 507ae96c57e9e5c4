package dev.sluice.job.definition;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** The validated options of one definition, keyed relative to it, with where each was set. */
public final class DefOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String scope;
  private final Location location;
  private final Configuration values;
  private final HashMap<String, Location> locations;
  private final Set<String> topLevelSections;

  /**
   * {@code values} are raw strings Flink parses; keys whose first segment is one of {@code
   * topLevelSections} sit at the top of the file rather than under {@code scope}.
   */
  DefOptions(
      String scope,
      Location location,
      Map<String, String> values,
      Map<String, Location> locations,
      Set<String> topLevelSections) {
    this.scope = scope;
    this.location = location;
    this.values = Configuration.fromMap(values);
    this.locations = new HashMap<>(locations);
    this.topLevelSections = Set.copyOf(topLevelSections);
  }

  /** The definition's key path, e.g. {@code sources.my-db.tables.items}. */
  public String scope() {
    return scope;
  }

  /** The option's value, its default when the file does not set it. */
  public <T> T get(ConfigOption<T> option) {
    return values.get(option);
  }

  public <T> Optional<T> getOptional(ConfigOption<T> option) {
    return values.getOptional(option);
  }

  /** Whether the file (or an override) sets the option. */
  public boolean contains(ConfigOption<?> option) {
    return locations.containsKey(option.key());
  }

  /** Where the option is set, else where the definition starts. */
  public Location location(ConfigOption<?> option) {
    return locations.getOrDefault(option.key(), location);
  }

  /** The full key path of the option, e.g. {@code sources.my-db.port}. */
  public String path(ConfigOption<?> option) {
    return path(scope, topLevelSections, option.key());
  }

  static String path(String scope, Set<String> topLevelSections, String key) {
    int dot = key.indexOf('.');
    return dot > 0 && topLevelSections.contains(key.substring(0, dot)) ? key : scope + "." + key;
  }

  /** An error at the option's key (or the definition's start when it is not set). */
  public PipelineFileException error(ConfigOption<?> option, String problem, String fix) {
    return new PipelineFileException(location(option), path(option), problem, fix);
  }

  /** An error about the definition as a whole, at its start. */
  public PipelineFileException error(String problem, String fix) {
    return new PipelineFileException(location, scope, problem, fix);
  }

  /** A copy of the options set, as Flink configuration. */
  public Configuration toConfiguration() {
    return new Configuration(values);
  }

  @Override
  public String toString() {
    return scope + values.toMap();
  }
}
