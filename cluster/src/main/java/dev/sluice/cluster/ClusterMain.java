package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java side of {@code bin/sluice cluster|submit|stop|jobs}: a standalone Flink session cluster
 * on this machine and the jobs on it.
 */
public final class ClusterMain {

  private static final String USAGE =
      String.join(
          "\n",
          "usage:",
          "  cluster start [--work-dir D] [--port P] [--rpc-port R] [--taskmanagers N] [--slots S]",
          "  cluster stop|status|add-taskmanager [--work-dir D]",
          "  submit <pipeline.yaml> [--set key=value]... [--from-savepoint PATH] [--jar JAR]"
              + " [--work-dir D]",
          "  stop --savepoint [--job ID] [--work-dir D]",
          "  jobs [--work-dir D]");

  private ClusterMain() {}

  public static void main(String[] args) throws Exception {
    try {
      System.exit(run(List.of(args)));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("sluice: " + e.getMessage());
      System.exit(2);
    } catch (java.io.IOException e) {
      System.err.println("sluice: " + e.getMessage());
      System.exit(1);
    }
  }

  static int run(List<String> args) throws Exception {
    Options o = new Options(args);
    ClusterConfig stored =
        ClusterConfig.of(o.path("--work-dir", defaultWorkDir()), o.integer("--port", 8081), cp());
    switch (o.command()) {
      case "cluster start":
        ClusterConfig config =
            new ClusterConfig(
                o.path("--work-dir", defaultWorkDir()),
                o.integer("--port", 8081),
                o.integer("--rpc-port", 6123),
                o.integer("--taskmanagers", 1),
                o.integer("--slots", 2),
                cp());
        long started = System.nanoTime();
        StandaloneCluster cluster = StandaloneCluster.start(config);
        say(
            "Flink 1.20 session cluster up in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms; web UI and REST API "
                + config.restUrl());
        cluster.status().forEach(ClusterMain::say);
        say("logs " + config.logs() + ", checkpoints and savepoints under " + config.workDir);
        return 0;
      case "cluster stop":
        int stopped = StandaloneCluster.attach(stored).stop();
        say(stopped == 0 ? "no cluster was running" : "stopped " + stopped + " processes");
        return 0;
      case "cluster status":
        List<String> status = StandaloneCluster.attach(stored).status();
        if (status.isEmpty()) {
          say("no cluster running in " + stored.workDir);
          return 1;
        }
        status.forEach(ClusterMain::say);
        return 0;
      case "cluster add-taskmanager":
        say("taskmanager started, pid " + StandaloneCluster.attach(stored).addTaskManager());
        return 0;
      case "submit":
        return submit(o, new FlinkRest(stored.restUrl()));
      case "stop":
        return stopWithSavepoint(o, new FlinkRest(stored.restUrl()));
      case "jobs":
        for (JsonNode job : new FlinkRest(stored.restUrl()).jobs()) {
          say(
              job.path("jid").asText()
                  + "  "
                  + job.path("state").asText()
                  + "  "
                  + job.path("name").asText());
        }
        return 0;
      default:
        throw new IllegalArgumentException("unknown command '" + o.command() + "'\n" + USAGE);
    }
  }

  private static int submit(Options o, FlinkRest rest) throws Exception {
    String pipeline = o.positional();
    if (pipeline == null) {
      throw new IllegalArgumentException("submit needs a pipeline file\n" + USAGE);
    }
    Path jar = o.path("--jar", null);
    if (jar == null) {
      jar = defaultJar();
    }
    List<String> programArgs =
        new ArrayList<>(List.of("--pipeline", Path.of(pipeline).toAbsolutePath().toString()));
    for (String set : o.all("--set")) {
      programArgs.add("--set");
      programArgs.add(set);
    }
    String savepoint = o.string("--from-savepoint", null);
    String jarId = rest.uploadJar(jar);
    String jobId = rest.runJar(jarId, null, programArgs, savepoint);
    say(
        "submitted "
            + jar.getFileName()
            + " as job "
            + jobId
            + (savepoint == null ? "" : " from savepoint " + savepoint));
    return 0;
  }

  private static int stopWithSavepoint(Options o, FlinkRest rest) throws Exception {
    if (!o.flag("--savepoint")) {
      throw new IllegalArgumentException("stop needs --savepoint\n" + USAGE);
    }
    String jobId = o.string("--job", null);
    if (jobId == null) {
      List<String> running = new ArrayList<>();
      for (JsonNode job : rest.jobs()) {
        if (job.path("state").asText().equals("RUNNING")) {
          running.add(job.path("jid").asText());
        }
      }
      if (running.size() != 1) {
        throw new IllegalStateException(
            running.size() + " jobs are running " + running + "; name one with --job ID");
      }
      jobId = running.get(0);
    }
    String location = rest.stopWithSavepoint(jobId, null, Duration.ofMinutes(5));
    say("job " + jobId + " stopped with savepoint " + location);
    say("resume: bin/sluice submit <pipeline.yaml> --from-savepoint " + location);
    return 0;
  }

  /** The shaded job jar next to this module. */
  public static Path defaultJar() throws Exception {
    Path target = Path.of(System.getProperty("sluice.root", ".")).resolve("flink-job/target");
    try (var files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("sluice-flink-job-.*-job\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException("No job jar in " + target + "; run bin/sluice build"));
    }
  }

  private static String defaultWorkDir() {
    return Path.of(System.getProperty("sluice.root", ".")).resolve("work/cluster").toString();
  }

  private static String cp() {
    return System.getProperty("java.class.path");
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
