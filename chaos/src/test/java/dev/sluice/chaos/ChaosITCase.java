package dev.sluice.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short chaos run of CI, exactly as {@code bin/sluice chaos} runs it (its own JVM, so the
 * servers it restarts live apart from the test's): the shop pipeline on a standalone cluster under
 * live load for 75 s while two busy TaskManagers are killed with kill -9 and replaced, the Kafka
 * broker and Postgres restart; every output equals the oracle with nothing lost or duplicated, no
 * Kafka transaction is left open and the replication slot has caught up.
 */
class ChaosITCase {

  @TempDir static Path temp;

  @Test
  void nothingIsLostOrDuplicatedThroughKillsAndRestarts() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String classpath =
        Path.of("target/classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(Path.of("target/chaos.classpath")).trim();
    Path log = temp.resolve("chaos.log");
    Process chaos =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsluice.root=" + root,
                "-Dsluice.log.file=" + temp.resolve("chaos-main.log"),
                "-cp",
                classpath,
                ChaosMain.class.getName(),
                "--minutes",
                "1.25",
                "--kills",
                "2",
                "--seed",
                "11",
                "--work-dir",
                temp.resolve("chaos").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    boolean ended = chaos.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      chaos.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(log);
    lines.stream()
        .filter(l -> !l.startsWith("\t") && !l.contains(" WARN "))
        .forEach(System.out::println);
    String report = String.join("\n", lines);
    assertThat(ended).as("the chaos run ended within 15 min").isTrue();
    assertThat(report)
        .contains("kill -9 taskmanager-", "restart Kafka broker", "restart Postgres")
        .doesNotContain("NOT RECOVERED")
        .contains("open Kafka transactions after stop-with-savepoint: 0")
        .contains("feed rounds that failed (inputs in doubt): 0")
        .contains("kills meant for a checkpoint in flight that found none: 0")
        .contains("lost = 0, duplicated = 0, wrong = 0  ->  PASSED");
    assertThat(lines.stream().filter(l -> l.contains("output moving again after"))).hasSize(4);
    for (String output :
        List.of(
            "marts.tenant_daily_revenue",
            "curated.orders_enriched",
            "marts.payment_reconciliation",
            "marts.funnel_daily",
            "marts.customer_360",
            "ops.dead_letters",
            "ops.dead_letters LATE",
            "ops.dead_letters DUPLICATE",
            "kafka chaos-cpm",
            "kafka chaos-enriched",
            "kafka chaos-exceptions",
            "kafka chaos-dl",
            "kafka chaos-dl LATE",
            "kafka chaos-dl DUPLICATE")) {
      assertThat(lines).as(output).anyMatch(l -> l.startsWith(output + " "));
    }
    assertThat(chaos.exitValue()).as("exit code").isZero();
  }
}
