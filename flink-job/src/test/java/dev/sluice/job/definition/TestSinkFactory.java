package dev.sluice.job.definition;

import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.SinkFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** A test sink, {@code test-sink}, serving views to {@code tables:}. */
public final class TestSinkFactory implements SinkFactory {

  @Override
  public String type() {
    return "test-sink";
  }

  @Override
  public String description() {
    return "A test warehouse.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(TestOptions.URL);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(TestOptions.DEAD_LETTERS);
  }

  @Override
  public String targetSection() {
    return "tables";
  }

  @Override
  public ConfigOption<String> targetShorthand() {
    return TestOptions.TABLE;
  }

  @Override
  public Set<ConfigOption<?>> requiredTargetOptions() {
    return Set.of(TestOptions.TABLE);
  }

  @Override
  public Set<ConfigOption<?>> optionalTargetOptions() {
    return Set.of(TestOptions.MODE, TestOptions.KEY);
  }

  @Override
  public PipelineSink create(SinkDef sink, PipelineDefinition pipeline) {
    return serve -> {};
  }
}
