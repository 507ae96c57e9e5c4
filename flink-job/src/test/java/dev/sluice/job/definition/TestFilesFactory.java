package dev.sluice.job.definition;

import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.SourceFactory;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** A single-table test source, {@code test-files}. */
public final class TestFilesFactory implements SourceFactory {

  @Override
  public String type() {
    return "test-files";
  }

  @Override
  public String description() {
    return "Test delivery files, one table.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(TestOptions.PATH);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(TestOptions.DISCOVERY_INTERVAL);
  }

  @Override
  public boolean multiTable() {
    return false;
  }

  @Override
  public Set<ConfigOption<?>> requiredTableOptions() {
    return Set.of(TestOptions.VIEW);
  }

  @Override
  public Set<ConfigOption<?>> optionalTableOptions() {
    return Set.of(TestOptions.KEY, TestOptions.SCHEMA_DRIFT);
  }

  @Override
  public Map<String, String> metadataKeys() {
    return Map.of("file", "The file the row is from.", "line", "Its line | number.");
  }

  @Override
  public PipelineSource create(SourceDef source, PipelineDefinition pipeline) {
    return staging -> {};
  }
}
