package dev.sluice.job.factory;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** A kind of source or sink a pipeline file names by {@code type:}, with the options it takes. */
public interface Factory {

  /** The {@code type:} value that picks this factory, e.g. {@code postgres-cdc}. */
  String type();

  /** One paragraph for the pipeline reference: what this type reads or writes. */
  String description();

  /** Options of the source or sink itself that every file must set. */
  Set<ConfigOption<?>> requiredOptions();

  /** Options of the source or sink itself that a file may set. */
  Set<ConfigOption<?>> optionalOptions();
}
