package dev.sluice.job.factory;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SinkDef;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** Builds a {@link PipelineSink} of one {@code type:} from its definition. */
public interface SinkFactory extends Factory {

  /**
   * The key of the map {@code <view> -> target} in the sink, e.g. {@code tables}, {@code topics}.
   */
  String targetSection();

  /** The target option a scalar {@code <view>: <value>} sets, e.g. {@code table}, {@code topic}. */
  ConfigOption<String> targetShorthand();

  /** Options of each target that every file must set. */
  Set<ConfigOption<?>> requiredTargetOptions();

  /** Options of each target that a file may set. */
  Set<ConfigOption<?>> optionalTargetOptions();

  PipelineSink create(SinkDef sink, PipelineDefinition pipeline);
}
