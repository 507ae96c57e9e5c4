package dev.sluice.job.definition;

import java.util.Collection;

/** The source and sink types a pipeline file may name, by type. */
public interface TypeRegistry {

  /** The source type {@code type}, named at {@code key} of {@code at}; fails listing the known. */
  SourceType source(String type, Location at, String key);

  /** The sink type {@code type}, named at {@code key} of {@code at}; fails listing the known. */
  SinkType sink(String type, Location at, String key);

  /** Every source type, sorted by type. */
  Collection<? extends SourceType> sources();

  /** Every sink type, sorted by type. */
  Collection<? extends SinkType> sinks();
}
