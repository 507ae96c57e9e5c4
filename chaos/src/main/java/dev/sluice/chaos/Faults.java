package dev.sluice.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cluster.StandaloneCluster;
import dev.sluice.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The faults a chaos run injects — a TaskManager killed with {@code kill -9} (at a random moment or
 * while a checkpoint is in flight) and replaced by a new one, the Kafka broker restarted, Postgres
 * restarted — each measured from the fault until the job's output moves again.
 */
final class Faults {

  private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(3);

  /** How long a kill meant for a checkpoint waits for one in flight (the run's come every 2 s). */
  private static final Duration CHECKPOINT_WAIT = Duration.ofMinutes(1);

  private final StandaloneCluster cluster;
  private final LocalStack stack;
  private final OutputWatch watch;
  private final ChaosFeed feed;
  private final Random random;
  private final long loadStart;

  Faults(
      StandaloneCluster cluster,
      LocalStack stack,
      OutputWatch watch,
      ChaosFeed feed,
      Random random,
      long loadStart) {
    this.cluster = cluster;
    this.stack = stack;
    this.watch = watch;
    this.feed = feed;
    this.random = random;
    this.loadStart = loadStart;
  }

  /**
   * Kills a TaskManager that runs tasks of the job and starts a replacement at once. A kill {@code
   * duringCheckpoint} waits up to {@link #CHECKPOINT_WAIT} for one in flight (the victim and the
   * restart count taken beforehand, so the kill follows the sighting at once); without one it still
   * kills, and the event records that its timing did not hold, which fails the run.
   */
  ChaosEvent killTaskManager(boolean duringCheckpoint) throws Exception {
    Map.Entry<String, Long> victim = victim();
    long before = watch.restarts();
    String when = "random moment";
    boolean timed = true;
    if (duringCheckpoint) {
      long deadline = System.nanoTime() + CHECKPOINT_WAIT.toNanos();
      long checkpoint = watch.checkpointInProgress();
      while (checkpoint < 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
        checkpoint = watch.checkpointInProgress();
      }
      timed = checkpoint >= 0;
      when = timed ? "during checkpoint " + checkpoint : "MISSED (no checkpoint)";
    }
    long t0 = System.nanoTime();
    cluster.killTaskManager(victim.getValue());
    CompletableFuture<Long> replacement =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return cluster.addTaskManager();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    long recovery = awaitRecovery(t0, before, true);
    replacement.join();
    return new ChaosEvent(
        "kill -9 " + victim.getKey() + " (pid " + victim.getValue() + ")",
        when,
        sinceStart(t0),
        0,
        recovery,
        watch.restarts() - Math.max(before, 0),
        timed);
  }

  /** Restarts the Kafka broker (controlled shutdown, start on the same logs and ports). */
  ChaosEvent restartKafka() throws Exception {
    return restart(
        "restart Kafka broker", feed::pauseKafka, feed::resumeKafka, stack.kafka()::restart);
  }

  /** Restarts Postgres (source and warehouse: pg_ctl stop -m fast, start on the same data). */
  ChaosEvent restartPostgres() throws Exception {
    return restart(
        "restart Postgres", feed::pauseDatabase, feed::resumeDatabase, stack.postgres()::restart);
  }

  /** A server restart with the part of the feed that writes to it held back meanwhile. */
  private ChaosEvent restart(String what, Runnable pause, Runnable resume, Action restart)
      throws Exception {
    long before = watch.restarts();
    pause.run();
    long t0 = System.nanoTime();
    try {
      restart.run();
    } finally {
      resume.run();
    }
    long down = (System.nanoTime() - t0) / 1_000_000;
    long recovery = awaitRecovery(t0, before, false);
    return new ChaosEvent(
        what,
        "random moment",
        sinceStart(t0),
        down,
        recovery,
        watch.restarts() - Math.max(before, 0),
        true);
  }

  /** A server's restart. */
  private interface Action {
    void run() throws Exception;
  }

  /**
   * Milliseconds from {@code t0} until the job runs and a transaction it committed after the fault
   * shows in the output topic; -1 after the deadline. After a kill, the baseline is taken once the
   * JobManager has noticed (the restart counter moved), so that a commit of the surviving
   * TaskManager racing the failover does not count as recovery.
   */
  private long awaitRecovery(long t0, long restartsBefore, boolean failoverExpected)
      throws InterruptedException {
    long deadline = t0 + RECOVERY_DEADLINE.toNanos();
    if (failoverExpected) {
      while (watch.restarts() <= Math.max(restartsBefore, 0) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    long baseline = watch.committed();
    while (baseline < 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      baseline = watch.committed();
    }
    while (System.nanoTime() < deadline) {
      if (watch.committed() > baseline && watch.running()) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      Thread.sleep(50);
    }
    return -1;
  }

  /** A TaskManager that runs tasks of the job (a busy one), chosen at random. */
  private Map.Entry<String, Long> victim() throws IOException {
    Map<String, Long> running = cluster.taskManagers();
    List<String> busy = new ArrayList<>();
    for (JsonNode tm : cluster.rest().taskManagers()) {
      String id = tm.path("id").asText();
      if (running.containsKey(id)
          && tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) {
        busy.add(id);
      }
    }
    List<String> candidates = busy.isEmpty() ? new ArrayList<>(running.keySet()) : busy;
    if (candidates.isEmpty()) {
      throw new IllegalStateException("No TaskManager is running");
    }
    String id = candidates.get(random.nextInt(candidates.size()));
    return Map.entry(id, running.get(id));
  }

  private long sinceStart(long t) {
    return (t - loadStart) / 1_000_000;
  }
}
