package dev.sluice.job.definition;

import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.SourceFactory;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** A multi-table test source, {@code test-cdc}. */
public class TestCdcFactory implements SourceFactory {

  @Override
  public String type() {
    return "test-cdc";
  }

  @Override
  public String description() {
    return "Several tables of one test database.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(TestOptions.HOSTNAME);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        TestOptions.PORT, TestOptions.PASSWORD_ENV, TestOptions.HEARTBEAT, TestOptions.SLOT_NAME);
  }

  @Override
  public boolean multiTable() {
    return true;
  }

  @Override
  public Set<ConfigOption<?>> requiredTableOptions() {
    return Set.of(TestOptions.TABLE, TestOptions.VIEW);
  }

  @Override
  public Set<ConfigOption<?>> optionalTableOptions() {
    return Set.of(TestOptions.KEY, TestOptions.SCHEMA_DRIFT);
  }

  @Override
  public Map<String, String> metadataKeys() {
    return Map.of("lsn", "Log sequence number of the change.");
  }

  @Override
  public PipelineSource create(SourceDef source, PipelineDefinition pipeline) {
    return staging -> {};
  }
}
