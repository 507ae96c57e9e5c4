package dev.sluice.job.definition;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** What a pipeline file may set for one {@code type:} of sink: its options and sections. */
public interface SinkType extends ConnectorType {

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
}
