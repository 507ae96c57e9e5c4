package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.flink.api.common.JobStatus;

/**
 * Tells a person at the console when a job is not healthy — not running, restarting, or not
 * completing checkpoints — in one line with the restarts, the age of the last completed checkpoint
 * and the last failure's cause (from the job's REST endpoint), so a job that commits nothing never
 * looks like one that does.
 */
final class JobHealth {

  /** The console's one time format: every line's stamp has seconds, also on the whole minute. */
  static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECENT_RESTART = Duration.ofMinutes(1);

  private final String exceptionsUrl;
  private final Duration checkpointInterval;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private long checkpoints = -1;
  private Instant checkpointSeen = Instant.now();
  private long restarts;
  private Instant restartSeen;

  JobHealth(int restPort, String jobId, Duration checkpointInterval) {
    this.exceptionsUrl =
        "http://localhost:" + restPort + "/jobs/" + jobId + "/exceptions?maxExceptions=1";
    this.checkpointInterval = checkpointInterval;
  }

  /** The line to print for the job as it is now, or null while it is healthy. */
  String problem(JobStatus status, long completedCheckpoints, long restartCount) {
    Instant now = Instant.now();
    if (completedCheckpoints != checkpoints) {
      checkpoints = completedCheckpoints;
      checkpointSeen = now;
    }
    if (restartCount > restarts) {
      restarts = restartCount;
      restartSeen = now;
    }
    Duration sinceCheckpoint = Duration.between(checkpointSeen, now);
    Duration stale = checkpointInterval.multipliedBy(3).plusSeconds(30);
    boolean restartedLately =
        restartSeen != null && Duration.between(restartSeen, now).compareTo(RECENT_RESTART) < 0;
    if (status == JobStatus.RUNNING && sinceCheckpoint.compareTo(stale) < 0 && !restartedLately) {
      return null;
    }
    return String.format(
        "  NOT HEALTHY: job %s, %d restart%s, %s, last failure: %s",
        status,
        restarts,
        restarts == 1 ? "" : "s",
        checkpoints <= 0
            ? "no checkpoint completed in " + seconds(sinceCheckpoint)
            : "last checkpoint completed " + seconds(sinceCheckpoint) + " ago",
        lastFailure());
  }

  /** The root exception of the last failure with its time and root cause, or "none". */
  private String lastFailure() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(exceptionsUrl))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode entry =
          JSON.readTree(response.body()).path("exceptionHistory").path("entries").path(0);
      if (entry.isMissingNode()) {
        return "none";
      }
      String at =
          LocalTime.ofInstant(
                  Instant.ofEpochMilli(entry.path("timestamp").asLong()), ZoneId.systemDefault())
              .format(CLOCK);
      return "[" + at + "] " + rootCause(entry.path("stacktrace").asText(""));
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** The last "Caused by:" line of a stack trace (the root cause), else its first line. */
  static String rootCause(String stacktrace) {
    String cause = stacktrace.lines().findFirst().orElse("");
    for (String line : (Iterable<String>) stacktrace.lines()::iterator) {
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length());
      }
    }
    return cause.length() > 300 ? cause.substring(0, 300) + "..." : cause;
  }

  private static String seconds(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
  }
}
