package dev.sluice.job.factory;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SinkDef;
import dev.sluice.job.definition.SinkType;

/** Builds a {@link PipelineSink} of one {@code type:} from its definition. */
public interface SinkFactory extends SinkType {
  PipelineSink create(SinkDef sink, PipelineDefinition pipeline);
}
