package dev.sluice.job.definition;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** A kind of source or sink a pipeline file names by {@code type:}, with the options it takes. */
public interface ConnectorType {

  /** The {@code type:} value that picks this type, e.g. {@code postgres-cdc}. */
  String type();

  /** One paragraph for the pipeline reference: what this type reads or writes. */
  String description();

  /** Options of the source or sink itself that every file must set. */
  Set<ConfigOption<?>> requiredOptions();

  /** Options of the source or sink itself that a file may set. */
  Set<ConfigOption<?>> optionalOptions();
}
