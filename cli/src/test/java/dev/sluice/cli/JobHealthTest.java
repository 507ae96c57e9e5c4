package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** The console's health line: silent while healthy, one line with the cause when not. */
class JobHealthTest {

  /** A REST port nothing listens on: the last failure is then "unknown (...)". */
  private static final int NO_SERVER = 1;

  @Test
  void aRunningJobThatCompletesCheckpointsIsHealthy() {
    JobHealth health = new JobHealth(NO_SERVER, "job", Duration.ofSeconds(5));
    assertThat(health.problem(JobStatus.RUNNING, 1, 0)).isNull();
    assertThat(health.problem(JobStatus.RUNNING, 2, 0)).isNull();
  }

  @Test
  void aRestartOrAJobNotRunningIsNamedWithItsRestarts() {
    JobHealth health = new JobHealth(NO_SERVER, "job", Duration.ofSeconds(5));
    assertThat(health.problem(JobStatus.RUNNING, 3, 0)).isNull();
    assertThat(health.problem(JobStatus.RESTARTING, 3, 6))
        .startsWith("  NOT HEALTHY: job RESTARTING, 6 restarts, last checkpoint completed ")
        .contains("last failure: unknown");
    assertThat(health.problem(JobStatus.RUNNING, 3, 6))
        .as("a restart in the last minute is still shown")
        .contains("6 restarts");
  }

  @Test
  void theRootCauseIsTheLastCausedByLine() {
    String trace =
        "org.apache.flink.runtime.JobException: Recovery is suppressed\n"
            + "\tat x.y(Z.java:1)\n"
            + "Caused by: java.io.IOException: Staging 3 changes of sink shop-marts failed\n"
            + "\tat a.b(C.java:2)\n"
            + "Caused by: org.postgresql.util.PSQLException: ERROR: invalid byte sequence 0x00\n";
    assertThat(JobHealth.rootCause(trace))
        .isEqualTo("org.postgresql.util.PSQLException: ERROR: invalid byte sequence 0x00");
    assertThat(JobHealth.rootCause("java.lang.IllegalStateException: boom\n\tat a.b(C.java:1)"))
        .isEqualTo("java.lang.IllegalStateException: boom");
  }
}
