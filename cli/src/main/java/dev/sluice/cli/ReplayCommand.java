package dev.sluice.cli;

import dev.sluice.job.SluiceJob;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.replay.DeadLetterReplay;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.TimeUtils;

/**
 * {@code bin/sluice dlq replay <pipeline.yaml> --reason R [--since T] [--set key=value]...}: the
 * pipeline file names the warehouse, the sources and the topics the letters go back to.
 */
final class ReplayCommand {

  private ReplayCommand() {}

  static void run(String[] args) throws Exception {
    if (args.length < 2 || !args[0].equals("replay") || args[1].startsWith("--")) {
      throw new IllegalArgumentException(
          "usage: bin/sluice dlq replay <pipeline.yaml> --reason REASON [--since TIME]"
              + " [--set key=value]...");
    }
    List<String> jobArgs = new ArrayList<>(List.of("--pipeline", args[1]));
    String reason = null;
    Instant since = null;
    for (int i = 2; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--reason" -> reason = required(args[i], value);
        case "--since" -> since = since(required(args[i], value));
        default -> {
          jobArgs.add(args[i]);
          continue;
        }
      }
      i++;
    }
    if (reason == null) {
      throw new IllegalArgumentException("--reason is required, e.g. --reason UNKNOWN_TENANT");
    }
    PipelineDefinition pipeline = SluiceJob.pipeline(jobArgs.toArray(new String[0]));
    List<LetterReplay.Letter> replayed = DeadLetterReplay.run(pipeline, reason, since, System.out);
    System.out.printf("replayed %d dead letters; recorded in ops.dlq_replays%n", replayed.size());
  }

  private static String required(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  /** An instant ({@code 2026-12-02T10:00:00Z}) or how long ago ({@code 2 h}, {@code 30 min}). */
  static Instant since(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return Instant.now().minus(TimeUtils.parseDuration(text));
      } catch (IllegalArgumentException notADuration) {
        throw new IllegalArgumentException(
            "--since takes an instant (2026-12-02T10:00:00Z) or a duration (2 h), not '"
                + text
                + "'");
      }
    }
  }
}
