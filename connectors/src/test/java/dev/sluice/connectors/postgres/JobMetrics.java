package dev.sluice.connectors.postgres;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Test access to a job's metrics, over every attempt the reporter retained. */
final class JobMetrics {

  private JobMetrics() {}

  /** The job's restarts, or -1 if it reported none. */
  static long restarts(InMemoryReporter metrics, JobID job) {
    return metrics
        .findMetric(job, "numRestarts")
        .map(m -> ((Number) ((Gauge<?>) m).getValue()).longValue())
        .orElse(-1L);
  }

  /** The sum of the counter {@code name} over the operator's subtasks and attempts. */
  static long sum(InMemoryReporter metrics, JobID job, String operator, String name) {
    return metrics.findOperatorMetricGroups(job, operator).stream()
        .map(g -> metrics.getMetricsByGroup(g).get(name))
        .filter(m -> m != null)
        .mapToLong(m -> ((Counter) m).getCount())
        .sum();
  }
}
