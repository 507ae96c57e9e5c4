package dev.sluice.job;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Per test class: a Flink MiniCluster (metrics kept for assertions) and a local stack. */
abstract class StackITCaseBase {

  /** The metrics of the current test class's MiniCluster; a reporter does not outlive one. */
  static InMemoryReporter metrics;

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

  @TempDir static Path temp;
  static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStackConfig.forTests(temp.resolve("stack")));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }
}
