package dev.sluice.cli;

import dev.sluice.stack.LocalStackConfig;
import java.nio.file.Path;
import java.util.Arrays;

/** The Java side of {@code bin/sluice}; the script documents the commands. */
public final class SluiceCli {

  private SluiceCli() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: SluiceCli demo [--work-dir DIR] [--ui-port P] [--pg-port P] [--kafka-port P]");
      System.exit(2);
    }
    if (args[0].equals("run")) {
      try {
        RunCommand.run(Arrays.copyOfRange(args, 1, args.length));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      System.exit(0);
    }
    if (args[0].equals("validate")) {
      try {
        System.exit(ValidateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
    }
    if (args[0].equals("dlq")) {
      try {
        ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      System.exit(0);
    }
    if (!args[0].equals("demo")) {
      System.err.println("unknown command: " + args[0]);
      System.exit(2);
    }
    Path workDir = Path.of("work", "demo");
    int uiPort = 8081;
    LocalStackConfig defaults = LocalStackConfig.forDemo(workDir);
    int pgPort = defaults.postgresPort();
    int kafkaPort = defaults.kafkaPort();
    boolean feedOnly = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--feed-only")) {
        feedOnly = true;
        continue;
      }
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        System.err.println("missing value for " + args[i]);
        System.exit(2);
      }
      switch (args[i++]) {
        case "--work-dir":
          workDir = Path.of(value);
          break;
        case "--ui-port":
          uiPort = Integer.parseInt(value);
          break;
        case "--pg-port":
          pgPort = Integer.parseInt(value);
          break;
        case "--kafka-port":
          kafkaPort = Integer.parseInt(value);
          break;
        default:
          System.err.println("unknown option: " + args[i - 1]);
          System.exit(2);
      }
    }
    workDir = workDir.toAbsolutePath();
    LocalStackConfig stack =
        LocalStackConfig.builder()
            .workDir(workDir.resolve("stack"))
            .postgresPort(pgPort)
            .kafkaPort(kafkaPort)
            .kafkaControllerPort(defaults.kafkaControllerPort())
            .build();
    new DemoCommand(workDir, uiPort, stack, feedOnly).run();
    System.exit(0);
  }
}
