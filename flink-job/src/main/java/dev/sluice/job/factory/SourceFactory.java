package dev.sluice.job.factory;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** Builds a {@link PipelineSource} of one {@code type:} from its definition. */
public interface SourceFactory extends Factory {

  /**
   * Whether one source holds several tables ({@code tables: <table>: {...}}, e.g. CDC) or is one
   * table whose options, columns and expectations sit at the source level (files, a topic).
   */
  boolean multiTable();

  /** Options of each table that every file must set. */
  Set<ConfigOption<?>> requiredTableOptions();

  /** Options of each table that a file may set. */
  Set<ConfigOption<?>> optionalTableOptions();

  /** The values a column's {@code metadata:} may name, each with its meaning. */
  Map<String, String> metadataKeys();

  PipelineSource create(SourceDef source, PipelineDefinition pipeline);

  /** How {@code dlq replay} re-injects this type's dead letters; null when it cannot. */
  default LetterReplay replay() {
    return null;
  }
}
