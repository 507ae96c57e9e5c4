package dev.sluice.job.factory;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.SourceType;

/** Builds a {@link PipelineSource} of one {@code type:} from its definition. */
public interface SourceFactory extends SourceType {
  PipelineSource create(SourceDef source, PipelineDefinition pipeline);

  /** How {@code dlq replay} re-injects this type's dead letters; null when it cannot. */
  default LetterReplay replay() {
    return null;
  }
}
