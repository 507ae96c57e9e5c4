package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A metric reporter for a job running in this JVM that keeps what the progress lines need: per
 * staging step in/out/dead letters, per sink records written, and checkpoints.
 */
public final class StageProgress implements MetricReporter {

  /** One registered metric with its name and scope variables. */
  private static final class Registered {
    final String name;
    final Map<String, String> variables;
    final Metric metric;

    Registered(String name, Map<String, String> variables, Metric metric) {
      this.name = name;
      this.variables = variables;
      this.metric = metric;
    }
  }

  private static final Map<Metric, Registered> METRICS = new ConcurrentHashMap<>();

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    METRICS.put(metric, new Registered(name, Map.copyOf(group.getAllVariables()), metric));
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    METRICS.remove(metric);
  }

  /** The progress lines for the current state of the metrics. */
  public static List<String> lines() {
    Map<String, long[]> stages = new TreeMap<>();
    Map<String, Long> sinks = new TreeMap<>();
    Map<String, Long> watermarks = new TreeMap<>();
    long checkpoints = 0;
    long lastCheckpointMillis = -1;
    for (Registered r : METRICS.values()) {
      String stage = r.variables.get("<sluice_stage>");
      String operator = r.variables.getOrDefault("<operator_name>", "");
      if (stage != null && r.metric instanceof Counter) {
        long[] counts = stages.computeIfAbsent(stage, s -> new long[3]);
        int slot = List.of("records_in", "records_out", "dead_letters").indexOf(r.name);
        if (slot >= 0) {
          counts[slot] += ((Counter) r.metric).getCount();
        }
      } else if (operator.startsWith("serve: ")
          && operator.endsWith(": Writer")
          && r.name.equals("numRecordsIn")
          && r.metric instanceof Counter) {
        String sink = operator.substring(7, operator.length() - ": Writer".length());
        sinks.merge(sink, ((Counter) r.metric).getCount(), Long::sum);
      } else if (operator.startsWith("lateness: ")
          && r.name.equals("currentOutputWatermark")
          && r.metric instanceof Gauge) {
        long watermark = number((Gauge<?>) r.metric);
        watermarks.merge(operator.substring("lateness: ".length()), watermark, Math::min);
      } else if (r.name.equals("numberOfCompletedCheckpoints") && r.metric instanceof Gauge) {
        checkpoints = number((Gauge<?>) r.metric);
      } else if (r.name.equals("lastCheckpointDuration") && r.metric instanceof Gauge) {
        lastCheckpointMillis = number((Gauge<?>) r.metric);
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "  checkpoints completed %d%s",
            checkpoints,
            lastCheckpointMillis >= 0 ? ", last took " + lastCheckpointMillis + " ms" : ""));
    stages.forEach(
        (stage, c) ->
            lines.add(
                String.format(
                    "  staging %-16s in %8d  out %8d  dead letters %6d", stage, c[0], c[1], c[2])));
    long now = System.currentTimeMillis();
    watermarks.forEach(
        (stream, watermark) ->
            lines.add(
                watermark <= 0
                    ? String.format("  watermark %-14s not yet", stream)
                    : String.format(
                        "  watermark %-14s lags %.1f s behind the clock",
                        stream, (now - watermark) / 1000.0)));
    sinks.forEach((sink, n) -> lines.add(String.format("  serve   %-42s in %8d", sink, n)));
    return lines;
  }

  /** The job's completed checkpoints so far (-1 before the job reports any). */
  static long completedCheckpoints() {
    return jobGauge("numberOfCompletedCheckpoints");
  }

  /** How often the job has restarted (0 before it reports). */
  static long restarts() {
    return Math.max(0, jobGauge("numRestarts"));
  }

  private static long jobGauge(String name) {
    for (Registered r : METRICS.values()) {
      if (r.name.equals(name) && r.metric instanceof Gauge) {
        return number((Gauge<?>) r.metric);
      }
    }
    return -1;
  }

  private static long number(Gauge<?> gauge) {
    Object value = gauge.getValue();
    return value instanceof Number ? ((Number) value).longValue() : -1;
  }
}
