package dev.sluice.cluster;

import java.nio.file.Path;

/** Where a standalone cluster lives and how big it is. */
public final class ClusterConfig {

  /** Its work directory: conf/, log/, pids/, checkpoints/, savepoints/. */
  public final Path workDir;

  /** The REST API and web UI port. */
  public final int restPort;

  /** The JobManager's RPC port. */
  public final int rpcPort;

  /** TaskManagers started with the cluster. */
  public final int taskManagers;

  /** Slots per TaskManager. */
  public final int slots;

  /** The classpath of every process: a Flink distribution's lib/, from Maven artifacts. */
  public final String classpath;

  public ClusterConfig(
      Path workDir, int restPort, int rpcPort, int taskManagers, int slots, String classpath) {
    this.workDir = workDir.toAbsolutePath();
    this.restPort = restPort;
    this.rpcPort = rpcPort;
    this.taskManagers = taskManagers;
    this.slots = slots;
    this.classpath = classpath;
  }

  /**
   * The configuration a cluster of {@code workDir} was started with (ports from its {@code
   * config.yaml}), or the defaults when none was started there.
   */
  public static ClusterConfig of(Path workDir, int defaultRestPort, String classpath)
      throws java.io.IOException {
    Path yaml = workDir.resolve("conf").resolve("config.yaml");
    int rest = defaultRestPort;
    int rpc = 6123;
    int slots = 2;
    if (java.nio.file.Files.exists(yaml)) {
      for (String line : java.nio.file.Files.readAllLines(yaml)) {
        String[] kv = line.split(":\\s*", 2);
        if (kv.length == 2 && kv[0].equals("rest.port")) {
          rest = Integer.parseInt(kv[1].trim());
        } else if (kv.length == 2 && kv[0].equals("jobmanager.rpc.port")) {
          rpc = Integer.parseInt(kv[1].trim());
        } else if (kv.length == 2 && kv[0].equals("taskmanager.numberOfTaskSlots")) {
          slots = Integer.parseInt(kv[1].trim());
        }
      }
    }
    return new ClusterConfig(workDir, rest, rpc, 1, slots, classpath);
  }

  Path conf() {
    return workDir.resolve("conf");
  }

  Path logs() {
    return workDir.resolve("log");
  }

  Path pids() {
    return workDir.resolve("pids");
  }

  /** The REST endpoint. */
  public String restUrl() {
    return "http://localhost:" + restPort;
  }
}
