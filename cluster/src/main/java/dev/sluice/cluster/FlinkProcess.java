package dev.sluice.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts one JobManager or TaskManager JVM the way Flink's scripts do — memory flags computed by
 * {@code BashJavaUtils}, its own log file, a new session so it outlives the launcher — and stops it
 * by its PID file.
 */
final class FlinkProcess {

  static final String JOB_MANAGER =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private FlinkProcess() {}

  /** Starts {@code name} (e.g. jobmanager, taskmanager-1); returns its PID. */
  static long start(ClusterConfig c, String name, boolean jobManager) throws IOException {
    List<String> resources =
        resourceParams(c, jobManager ? "GET_JM_RESOURCE_PARAMS" : "GET_TM_RESOURCE_PARAMS");
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(java());
    command.addAll(FlinkConfFiles.JAVA_OPENS);
    command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
    command.add("-Dlog.file=" + c.logs().resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + c.conf().resolve("log4j.properties"));
    command.add("-cp");
    command.add(c.classpath);
    command.add(jobManager ? JOB_MANAGER : TASK_MANAGER);
    command.add("--configDir");
    command.add(c.conf().toString());
    if (resources.size() > 1 && !resources.get(1).isBlank()) {
      command.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
    }
    if (!jobManager) {
      // The REST API names the TaskManager as its PID file does, so a task's host can be found.
      command.addAll(List.of("-D", "taskmanager.resource-id=" + name));
    }
    Path out = c.logs().resolve(name + ".out");
    Process process =
        new ProcessBuilder(command)
            // Relative paths in pipeline files resolve against the project, as for bin/sluice run.
            .directory(Path.of(System.getProperty("sluice.root", ".")).toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Files.createDirectories(c.pids());
    Files.writeString(c.pids().resolve(name + ".pid"), Long.toString(process.pid()));
    return process.pid();
  }

  /** The JVM flags and dynamic properties Flink computes from the configuration. */
  private static List<String> resourceParams(ClusterConfig c, String what) throws IOException {
    Process p =
        new ProcessBuilder(
                java(),
                "-cp",
                c.classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                what,
                "--configDir",
                c.conf().toString())
            .redirectErrorStream(true)
            .start();
    List<String> results = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        all.append(line).append('\n');
        if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
          results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()));
        }
      }
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || results.isEmpty()) {
        throw new IOException("Flink could not size the " + what + " memory:\n" + all);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    }
    return results;
  }

  /**
   * The live process a PID file names, if it is still running with this cluster's configuration
   * directory: once a process has died (a TaskManager killed with kill -9), the kernel hands its
   * number to another process or thread — signalling that would hit a stranger, e.g. the JVM that
   * killed it.
   */
  static Optional<ProcessHandle> running(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      String conf = pidFile.toAbsolutePath().getParent().resolveSibling("conf").toString();
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> commandLine(h).contains("--configDir " + conf));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The command line, from /proc where there is one (it is never cut short there). */
  private static String commandLine(ProcessHandle h) {
    Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        return new String(Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8)
            .replace('\0', ' ');
      }
    } catch (IOException gone) {
      return "";
    }
    return h.info().commandLine().orElse("");
  }

  /** SIGTERM, then SIGKILL after {@code grace}; removes the PID file. True if it was running. */
  static boolean stop(Path pidFile, Duration grace) throws IOException {
    Optional<ProcessHandle> process = running(pidFile);
    process.ifPresent(
        h -> {
          h.destroy();
          try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
          } catch (Exception stillThere) {
            h.destroyForcibly();
            try {
              h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("Process " + h.pid() + " does not stop", e);
            }
          }
        });
    Files.deleteIfExists(pidFile);
    return process.isPresent();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
