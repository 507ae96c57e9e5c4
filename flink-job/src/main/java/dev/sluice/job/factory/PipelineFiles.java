package dev.sluice.job.factory;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineParser;
import java.util.Map;

/** Pipeline files read with the source and sink types on the classpath. */
public final class PipelineFiles {

  private PipelineFiles() {}

  /**
   * Loads {@code file}, a path or {@code classpath:<resource>}, with {@code overrides} (key paths
   * such as {@code sources.my-db.port}) applied.
   */
  public static PipelineDefinition load(String file, Map<String, String> overrides) {
    return PipelineParser.load(file, overrides, FactoryRegistry.discover());
  }
}
