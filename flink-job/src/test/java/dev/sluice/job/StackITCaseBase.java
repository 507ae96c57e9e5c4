package dev.sluice.job;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Per test class: a Flink MiniCluster (metrics kept for assertions) and a local stack. */
public abstract class StackITCaseBase {

  /** The metrics of the current test class's MiniCluster; a reporter does not outlive one. */
  protected static InMemoryReporter metrics;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          () -> {
            metrics = InMemoryReporter.createWithRetainedMetrics();
            return new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(4)
                .setConfiguration(metrics.addToConfiguration(new Configuration()))
                .build();
          });

  @TempDir protected static Path temp;
  protected static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStackConfig.forTests(temp.resolve("stack")));
  }

  /** Sums a staging counter ({@code records_in}, ...) over subtasks, per stage. */
  protected static Map<String, Long> counters(JobID job, String name) {
    Map<String, Long> sums = new HashMap<>();
    Pattern stage = Pattern.compile("sluice_stage\\.([^.]+)\\." + name + "$");
    for (Map.Entry<String, Metric> e : metrics.findMetrics(job, name).entrySet()) {
      Matcher m = stage.matcher(e.getKey());
      if (m.find()) {
        sums.merge(m.group(1), ((Counter) e.getValue()).getCount(), Long::sum);
      }
    }
    return sums;
  }

  /** The job's status; FAILED when it cannot be asked. */
  protected static JobStatus status(JobClient job) {
    try {
      return job.getJobStatus().get();
    } catch (Exception e) {
      return JobStatus.FAILED;
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }
}
