package dev.sluice.chaos;

import dev.sluice.cluster.ClusterConfig;
import dev.sluice.cluster.ClusterMain;
import dev.sluice.cluster.Options;
import dev.sluice.cluster.StandaloneCluster;
import dev.sluice.stack.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/sluice chaos [--minutes M] [--kills K] [--seed S] [--taskmanagers N] [--work-dir D]}:
 * prints the report; the exit code is 0 only if it passed.
 */
public final class ChaosMain {

  private ChaosMain() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(List.of(args));
    Path root = Path.of(System.getProperty("sluice.root", "."));
    Path workDir = o.path("--work-dir", root.resolve("work/chaos").toString()).toAbsolutePath();
    if (Files.exists(workDir.resolve("cluster/pids"))) {
      // A run that was cut off may have left its cluster: stop it before starting again.
      StandaloneCluster.attach(new ClusterConfig(workDir.resolve("cluster"), 0, 0, 0, 0, ""))
          .stop();
    }
    if (Files.exists(workDir)) {
      Directories.delete(workDir);
    }
    ChaosSettings settings =
        new ChaosSettings(
            workDir,
            minutes(o.string("--minutes", "10")),
            o.integer("--kills", 20),
            o.integer("--seed", 7),
            o.integer("--taskmanagers", 2),
            ClusterMain.defaultJar(),
            Files.readString(root.resolve("cluster/target/cluster.classpath")).trim(),
            System.out);
    ChaosReport report = new ChaosRun(settings).run();
    report.print(System.out);
    System.exit(report.passed() ? 0 : 1);
  }

  /** {@code 10}, or a fraction such as {@code 1.25}. */
  private static Duration minutes(String text) {
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(text) * 60_000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--minutes must be a number, got '" + text + "'");
    }
  }
}
