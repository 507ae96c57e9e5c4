package dev.sluice.job.definition;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/** A parsed and validated pipeline file: its options, sources and sinks in file order. */
public final class PipelineDefinition implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final String sqlDir;
  private final DefOptions options;
  private final List<SourceDef> sources;
  private final List<SinkDef> sinks;

  PipelineDefinition(
      String file,
      String sqlDir,
      DefOptions options,
      List<SourceDef> sources,
      List<SinkDef> sinks) {
    this.file = file;
    this.sqlDir = sqlDir;
    this.options = options;
    this.sources = List.copyOf(sources);
    this.sinks = List.copyOf(sinks);
  }

  /** {@code pipeline.name}: the prefix of operator uids, transactional ids and dead letters. */
  public String name() {
    return options.get(PipelineOptions.NAME);
  }

  /** The file as it was given, for messages. */
  public String file() {
    return file;
  }

  /**
   * {@code pipeline.sql-dir} resolved: {@code classpath:<dir>} or another URI as written, a
   * directory as an absolute path (a relative one against the pipeline file's directory).
   */
  public String sqlDir() {
    return sqlDir;
  }

  /** Validated against {@link PipelineOptions}, {@code checkpoint.*} and {@code restarts.*} too. */
  public DefOptions options() {
    return options;
  }

  public List<SourceDef> sources() {
    return sources;
  }

  public List<SinkDef> sinks() {
    return sinks;
  }

  /** The source named {@code name}; fails naming the sources there are. */
  public SourceDef source(String name) {
    return find(sources, SourceDef::name, name, "source");
  }

  /** The sink named {@code name}; fails naming the sinks there are. */
  public SinkDef sink(String name) {
    return find(sinks, SinkDef::name, name, "sink");
  }

  private <D> D find(List<D> defs, Function<D, String> nameOf, String name, String kind) {
    return defs.stream()
        .filter(def -> nameOf.apply(def).equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    file
                        + " has no "
                        + kind
                        + " named '"
                        + name
                        + "'; its "
                        + kind
                        + "s: "
                        + String.join(", ", defs.stream().map(nameOf).toList())));
  }

  @Override
  public String toString() {
    return file + ": " + options + " sources " + sources + " sinks " + sinks;
  }
}
