package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Flink session cluster on this machine: one JobManager and N TaskManagers, each its own JVM,
 * started from a classpath of Maven artifacts. The processes outlive the launcher (like Flink's
 * {@code start-cluster.sh}); their PIDs are kept in the work directory, so {@link #attach} finds
 * them again and {@link #stop} ends them all.
 */
public final class StandaloneCluster implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration GRACE = Duration.ofSeconds(20);

  private final ClusterConfig config;
  private final FlinkRest rest;

  private StandaloneCluster(ClusterConfig config) {
    this.config = config;
    this.rest = new FlinkRest(config.restUrl());
  }

  /**
   * Starts a cluster and waits until every TaskManager has registered.
   *
   * @throws IllegalStateException naming the port and the flag when a port is taken, or when a
   *     cluster of this work directory is already running
   */
  public static StandaloneCluster start(ClusterConfig config) throws IOException {
    StandaloneCluster cluster = new StandaloneCluster(config);
    List<Long> alive = cluster.pids();
    if (!alive.isEmpty()) {
      throw new IllegalStateException(
          "A cluster of "
              + config.workDir
              + " is already running (PIDs "
              + alive
              + "); bin/sluice cluster stop first");
    }
    requireFree(config.restPort, "the REST API and web UI", "--port");
    requireFree(config.rpcPort, "the JobManager RPC", "--rpc-port");
    FlinkConfFiles.write(config);
    try {
      FlinkProcess.start(config, "jobmanager", true);
      for (int i = 1; i <= config.taskManagers; i++) {
        FlinkProcess.start(config, "taskmanager-" + i, false);
      }
      cluster.awaitTaskManagers(config.taskManagers);
    } catch (IOException | RuntimeException e) {
      cluster.stop();
      throw e;
    }
    return cluster;
  }

  /** The cluster of a work directory started earlier, e.g. by another process. */
  public static StandaloneCluster attach(ClusterConfig config) {
    return new StandaloneCluster(config);
  }

  /** Starts one more TaskManager and waits until it has registered; returns its PID. */
  public long addTaskManager() throws IOException {
    String name = "taskmanager-" + nextTaskManager();
    long pid = FlinkProcess.start(config, name, false);
    awaitRegistered(name);
    return pid;
  }

  private void awaitRegistered(String name) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        for (JsonNode tm : rest.taskManagers()) {
          if (name.equals(tm.path("id").asText())) {
            return;
          }
        }
      } catch (IOException notYet) {
        // the JobManager may be busy with a failover: ask again
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for " + name, e);
      }
    }
    throw new IOException(name + " did not register within " + STARTUP + "; see " + config.logs());
  }

  /** Kills a TaskManager hard ({@code kill -9}), as a crash would. */
  public void killTaskManager(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** The TaskManagers still running: resource id (as the REST API shows it) to PID. */
  public Map<String, Long> taskManagers() throws IOException {
    Map<String, Long> running = new TreeMap<>();
    for (Path pidFile : pidFiles("taskmanager-")) {
      FlinkProcess.running(pidFile)
          .ifPresent(
              h -> running.put(pidFile.getFileName().toString().replace(".pid", ""), h.pid()));
    }
    return running;
  }

  /** PIDs of the TaskManagers still running. */
  public List<Long> taskManagerPids() throws IOException {
    return pids("taskmanager-");
  }

  /** The REST API. */
  public FlinkRest rest() {
    return rest;
  }

  public ClusterConfig config() {
    return config;
  }

  /** Stops the TaskManagers, then the JobManager; idempotent. Returns how many were running. */
  public int stop() throws IOException {
    int stopped = 0;
    for (Path pidFile : pidFiles("taskmanager-")) {
      stopped += FlinkProcess.stop(pidFile, GRACE) ? 1 : 0;
    }
    for (Path pidFile : pidFiles("jobmanager")) {
      stopped += FlinkProcess.stop(pidFile, GRACE) ? 1 : 0;
    }
    return stopped;
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  /** Lines describing the cluster for {@code bin/sluice cluster status}; empty when it is down. */
  public List<String> status() throws IOException {
    List<String> lines = new ArrayList<>();
    Optional<Long> jm = pids("jobmanager").stream().findFirst();
    if (jm.isEmpty()) {
      return lines;
    }
    lines.add("jobmanager    pid " + jm.get() + "  " + config.restUrl());
    JsonNode overview;
    try {
      overview = rest.overview();
    } catch (IOException e) {
      lines.add("  REST API not answering: " + e.getMessage());
      return lines;
    }
    lines.add(
        String.format(
            "taskmanagers  %d registered (pids %s), slots %d total, %d available",
            overview.path("taskmanagers").asInt(),
            taskManagerPids(),
            overview.path("slots-total").asInt(),
            overview.path("slots-available").asInt()));
    lines.add(
        String.format(
            "jobs          %d running, %d finished, %d cancelled, %d failed",
            overview.path("jobs-running").asInt(),
            overview.path("jobs-finished").asInt(),
            overview.path("jobs-cancelled").asInt(),
            overview.path("jobs-failed").asInt()));
    return lines;
  }

  private void awaitTaskManagers(int count) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (pids("jobmanager").isEmpty()) {
        throw new IOException(
            "The JobManager exited; see " + config.logs().resolve("jobmanager.log"));
      }
      try {
        JsonNode overview = rest.overview();
        last = overview.toString();
        if (overview.path("taskmanagers").asInt() >= count) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.getMessage();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for the cluster", e);
      }
    }
    throw new IOException(
        count
            + " TaskManagers did not register within "
            + STARTUP
            + " ("
            + last
            + "); see "
            + config.logs());
  }

  private int nextTaskManager() throws IOException {
    int max = 0;
    for (Path p : pidFiles("taskmanager-")) {
      String name = p.getFileName().toString();
      max = Math.max(max, Integer.parseInt(name.replaceAll("\\D", "")));
    }
    return max + 1;
  }

  private List<Long> pids() throws IOException {
    return pids("");
  }

  private List<Long> pids(String prefix) throws IOException {
    List<Long> pids = new ArrayList<>();
    for (Path pidFile : pidFiles(prefix)) {
      FlinkProcess.running(pidFile).ifPresent(h -> pids.add(h.pid()));
    }
    return pids;
  }

  private List<Path> pidFiles(String prefix) throws IOException {
    if (!Files.isDirectory(config.pids())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(config.pids())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(".pid"))
          .sorted()
          .toList();
    }
  }

  private static void requireFree(int port, String what, String flag) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException taken) {
      throw new IllegalStateException(
          "Port " + port + " for " + what + " is taken; choose another with " + flag);
    }
  }
}
