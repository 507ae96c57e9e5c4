package dev.sluice.cli;

import dev.sluice.job.SluiceJob;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code bin/sluice run <pipeline.yaml> [--set key=value]... [--ui-port P]}: runs a pipeline file
 * against the servers it names, on a local MiniCluster with the web UI, until Ctrl-C.
 */
final class RunCommand {

  private RunCommand() {}

  static void run(String[] args) throws Exception {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw new IllegalArgumentException(
          "usage: bin/sluice run <pipeline.yaml> [--set key=value]... [--ui-port P]");
    }
    List<String> jobArgs = new ArrayList<>(List.of("--pipeline", args[0]));
    int uiPort = 8081;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--ui-port") && i + 1 < args.length) {
        uiPort = Integer.parseInt(args[++i]);
      } else {
        jobArgs.add(args[i]);
      }
    }
    PipelineDefinition pipeline = SluiceJob.pipeline(jobArgs.toArray(new String[0]));
    CountDownLatch stop = LocalJobRunner.stopOnSignals();
    JobClient job = LocalJobRunner.start(pipeline, uiPort);
    LocalJobRunner.say(
        "pipeline "
            + pipeline.name()
            + " from "
            + args[0]
            + " is running; web UI http://localhost:"
            + uiPort
            + "; Ctrl-C stops it.");
    LocalJobRunner.printProgressUntil(
        job, stop, uiPort, pipeline.options().get(PipelineOptions.CHECKPOINT_INTERVAL));
    LocalJobRunner.say("stopped.");
  }
}
