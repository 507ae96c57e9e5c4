package dev.sluice.cli;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Lets Flink create the {@link StageProgress} reporter from configuration. */
public final class StageProgressFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new StageProgress();
  }
}
