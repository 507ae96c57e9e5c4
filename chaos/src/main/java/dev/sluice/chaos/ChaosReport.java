package dev.sluice.chaos;

import java.io.PrintStream;
import java.util.List;

/**
 * What a chaos run found: each fault with its recovery time, each output compared with the oracle,
 * the inputs fed, and the health of Kafka transactions and the replication slot after it.
 */
public record ChaosReport(
    ChaosSettings settings,
    List<ChaosEvent> events,
    List<ChaosCheck> checks,
    String inputs,
    long openTransactions,
    long slotLagBytes,
    long failedFeedRounds) {

  /** A replication slot this far behind the WAL's end counts as caught up. */
  static final long SLOT_LAG_LIMIT = 1 << 20;

  public long lost() {
    return checks.stream().mapToLong(ChaosCheck::lost).sum();
  }

  public long duplicated() {
    return checks.stream().mapToLong(ChaosCheck::duplicated).sum();
  }

  public long wrong() {
    return checks.stream().mapToLong(ChaosCheck::wrong).sum();
  }

  /** Kills meant for a checkpoint in flight that found none. */
  public long missedTimings() {
    return events.stream().filter(e -> !e.timed()).count();
  }

  /**
   * Every fault timed as meant and recovered from, every output equal to the oracle, nothing left
   * open.
   */
  public boolean passed() {
    return events.stream().allMatch(e -> e.recovered() && e.timed())
        && checks.stream().allMatch(ChaosCheck::passed)
        && openTransactions == 0
        && slotLagBytes >= 0
        && slotLagBytes < SLOT_LAG_LIMIT
        && failedFeedRounds == 0;
  }

  public void print(PrintStream out) {
    out.println();
    out.printf(
        "chaos: %d s of live load on a standalone cluster (%d TaskManagers), seed %d%n",
        settings.load().toSeconds(), settings.taskManagers(), settings.seed());
    out.printf(
        "%3s  %7s  %-36s  %-24s  %7s  %12s  %12s%n",
        "#", "at", "fault", "timing", "down", "recovered in", "job restarts");
    int i = 1;
    for (ChaosEvent e : events) {
      out.printf(
          "%3d  %7s  %-36s  %-24s  %7s  %12s  %12d%n",
          i++,
          clock(e.atMillis()),
          e.what(),
          e.when(),
          e.downMillis() == 0 ? "-" : seconds(e.downMillis()),
          e.recovered() ? seconds(e.recoveryMillis()) : "NOT RECOVERED",
          e.jobRestarts());
    }
    long[] recovered =
        events.stream()
            .filter(ChaosEvent::recovered)
            .mapToLong(ChaosEvent::recoveryMillis)
            .sorted()
            .toArray();
    if (recovered.length > 0) {
      out.printf(
          "recovery (fault -> a new Kafka transaction of the job committed): median %s, max %s%n",
          seconds(recovered[recovered.length / 2]), seconds(recovered[recovered.length - 1]));
    }
    out.println();
    out.printf(
        "%-34s  %8s  %8s  %6s  %10s  %6s  %s%n",
        "output", "expected", "found", "lost", "duplicated", "wrong", "compared as");
    for (ChaosCheck c : checks) {
      out.printf(
          "%-34s  %8d  %8d  %6d  %10d  %6d  %s%n",
          c.output(), c.expected(), c.found(), c.lost(), c.duplicated(), c.wrong(), c.note());
    }
    for (ChaosCheck c : checks) {
      if (!c.passed()) {
        out.printf("  %s: %s%n", c.output(), c.sample());
      }
    }
    out.println();
    out.println("inputs: " + inputs);
    out.printf(
        "open Kafka transactions after stop-with-savepoint: %d%n"
            + "replication slot %s: %s behind the end of the WAL after the drain%n"
            + "feed rounds that failed (inputs in doubt): %d%n"
            + "kills meant for a checkpoint in flight that found none: %d%n",
        openTransactions, ChaosWorld.SLOT, bytes(slotLagBytes), failedFeedRounds, missedTimings());
    out.printf(
        "%nlost = %d, duplicated = %d, wrong = %d  ->  %s%n",
        lost(), duplicated(), wrong(), passed() ? "PASSED" : "FAILED");
  }

  private static String clock(long millis) {
    long s = millis / 1000;
    return String.format("%d:%02d", s / 60, s % 60);
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  private static String bytes(long n) {
    return n < 0 ? "unknown" : n < 1024 ? n + " B" : String.format("%.1f kB", n / 1024.0);
  }
}
