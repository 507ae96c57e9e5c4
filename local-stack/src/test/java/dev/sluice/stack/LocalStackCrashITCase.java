package dev.sluice.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** However the launcher JVM ends, no Postgres outlives it for long, and the next start works. */
@Timeout(180)
class LocalStackCrashITCase {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void killMinus9OfTheLauncherStopsPostgresThroughTheWatchdog() throws Exception {
    Path dir = TestDirs.fresh("kill9");
    try (ChildStack child = ChildStack.launch(dir)) {
      assertThat(OsProcesses.alive(child.postmasterPid)).isTrue();
      child.process.destroyForcibly();
      assertThat(child.exitedWithin(DEADLINE)).as("child JVM gone").isTrue();
      assertThat(OsProcesses.goneWithin(child.postmasterPid, DEADLINE))
          .as("postmaster %d gone within %s", child.postmasterPid, DEADLINE)
          .isTrue();
      assertThat(OsProcesses.goneWithin(child.watchdogPid, DEADLINE)).as("watchdog").isTrue();
      assertThat(OsProcesses.withCommandLineContaining(dir.resolve("postgres").toString()))
          .isEmpty();
    }
    try (LocalStack again = LocalStack.start(LocalStackConfig.forTests(dir))) {
      again.postgres().createDatabase("after_crash");
    }
  }

  @Test
  void aLeftoverPostmasterIsStoppedByTheNextStartOnTheSamePorts() throws Exception {
    Path dir = TestDirs.fresh("leftover");
    int[] ports =
        Ports.resolve(
            new Ports.Wanted("pg", 0, "-"),
            new Ports.Wanted("kafka", 0, "-"),
            new Ports.Wanted("controller", 0, "-"));
    LocalStackConfig fixed =
        LocalStackConfig.builder()
            .workDir(dir)
            .postgresPort(ports[0])
            .kafkaPort(ports[1])
            .kafkaControllerPort(ports[2])
            .build();
    try (ChildStack child =
        ChildStack.launch(
            dir, String.valueOf(ports[0]), String.valueOf(ports[1]), String.valueOf(ports[2]))) {
      // The watchdog dies too (say, kill -9 of the whole process group): Postgres is orphaned.
      ProcessHandle.of(child.watchdogPid).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(OsProcesses.goneWithin(child.watchdogPid, DEADLINE)).isTrue();
      child.process.destroyForcibly();
      assertThat(child.exitedWithin(DEADLINE)).isTrue();
      assertThat(OsProcesses.alive(child.postmasterPid)).as("orphaned postmaster").isTrue();

      try (LocalStack again = LocalStack.start(fixed)) {
        assertThat(OsProcesses.alive(child.postmasterPid)).as("old postmaster").isFalse();
        assertThat(again.postgres().port()).isEqualTo(ports[0]);
        again.postgres().createDatabase("after_leftover");
      }
    }
  }

  @Test
  void sigtermOfTheLauncherClosesTheStackThroughTheShutdownHook() throws Exception {
    Path dir = TestDirs.fresh("sigterm");
    try (ChildStack child = ChildStack.launch(dir)) {
      child.process.destroy();
      assertThat(child.exitedWithin(DEADLINE)).as("child JVM gone").isTrue();
      assertThat(OsProcesses.alive(child.postmasterPid)).as("postmaster").isFalse();
      // Only a clean close deletes the data directory; the watchdog would not.
      assertThat(dir.resolve("postgres")).as("output: %s", child.output()).doesNotExist();
      assertThat(OsProcesses.goneWithin(child.watchdogPid, DEADLINE)).as("watchdog").isTrue();
    }
  }
}
