package dev.sluice.job.definition;

import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** What a pipeline file may set for one {@code type:} of source: its options and sections. */
public interface SourceType extends ConnectorType {

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
}
