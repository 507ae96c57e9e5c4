package dev.sluice.cli;

import dev.sluice.job.JobEnvironment;
import dev.sluice.job.SluiceJob;
import dev.sluice.job.compose.PipelineComposer;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelinePlan;
import dev.sluice.job.factory.FactoryRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bin/sluice validate <pipeline.yaml> [--offline] [--set key=value]...}: reads the file,
 * prints its resolved plan and builds its whole job graph — SQL planned, every view a sink names
 * looked up, every expectation checked. Without {@code --offline} the sources' and sinks' start-up
 * checks run against the servers too (as at a start, they create a missing publication and missing
 * tables).
 */
final class ValidateCommand {

  private ValidateCommand() {}

  /** Returns the exit code: 0 valid, 1 not. */
  static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw new IllegalArgumentException(
          "usage: bin/sluice validate <pipeline.yaml> [--offline] [--set key=value]...");
    }
    List<String> jobArgs = new ArrayList<>(List.of("--pipeline", args[0]));
    boolean offline = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--offline")) {
        offline = true;
      } else {
        jobArgs.add(args[i]);
      }
    }
    try {
      PipelineDefinition pipeline = SluiceJob.pipeline(jobArgs.toArray(new String[0]));
      System.out.print(PipelinePlan.describe(pipeline));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      PipelineComposer.compose(
          env,
          JobEnvironment.tableEnvironment(env),
          pipeline,
          FactoryRegistry.discover(),
          !offline);
      int operators = env.getStreamGraph(false).getStreamNodes().size();
      System.out.printf(
          "valid: one job graph of %d operators%s%n",
          operators, offline ? " (offline: no server was asked)" : ", checked against its servers");
      return 0;
    } catch (RuntimeException e) {
      System.out.println("invalid: " + e.getMessage());
      return 1;
    }
  }
}
