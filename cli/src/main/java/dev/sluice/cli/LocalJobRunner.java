package dev.sluice.cli;

import dev.sluice.job.JobEnvironment;
import dev.sluice.job.SluiceJob;
import dev.sluice.job.definition.PipelineDefinition;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import sun.misc.Signal;

/**
 * Runs a pipeline on a Flink MiniCluster in this JVM, with the web UI, and prints per-stage
 * progress every 5 s until Ctrl-C (or SIGTERM) or the job ends.
 */
final class LocalJobRunner {

  private LocalJobRunner() {}

  /** A latch that Ctrl-C and SIGTERM release. */
  static CountDownLatch stopOnSignals() {
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    return stop;
  }

  /** Builds the pipeline with its real connectors and starts it. */
  static JobClient start(PipelineDefinition pipeline, int uiPort) throws Exception {
    Configuration flink = JobEnvironment.flinkConfig(pipeline);
    flink.set(RestOptions.PORT, uiPort);
    flink.setString(
        "metrics.reporter.progress.factory.class", StageProgressFactory.class.getName());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    env.setParallelism(2);
    SluiceJob.build(env, pipeline);
    return env.executeAsync("sluice-" + pipeline.name());
  }

  /**
   * Prints progress until {@code stop} is released or the job ends, with a line saying why when the
   * job is not healthy (see {@link JobHealth}); cancels a running job.
   */
  static void printProgressUntil(
      JobClient job, CountDownLatch stop, int restPort, Duration checkpointInterval)
      throws Exception {
    JobHealth health = new JobHealth(restPort, job.getJobID().toString(), checkpointInterval);
    try {
      while (!stop.await(5, TimeUnit.SECONDS)) {
        JobStatus status = job.getJobStatus().get();
        say("[" + LocalTime.now().format(JobHealth.CLOCK) + "] job " + status);
        if (status.isGloballyTerminalState()) {
          job.getJobExecutionResult().get();
          return;
        }
        String problem =
            health.problem(status, StageProgress.completedCheckpoints(), StageProgress.restarts());
        if (problem != null) {
          say(problem);
        }
        StageProgress.lines().forEach(LocalJobRunner::say);
      }
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get(10, TimeUnit.SECONDS);
      }
    }
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
