package dev.sluice.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A launcher stand-in for the crash tests: starts a stack in {@code args[0]} (optional fixed ports
 * in {@code args[1..3]}), prints {@code READY <postmaster pid> <watchdog pid>}, waits for a signal.
 */
public final class StackChild {

  private StackChild() {}

  /** Starts the stack and waits forever. */
  public static void main(String[] args) throws Exception {
    LocalStackConfig.Builder config = LocalStackConfig.builder().workDir(Path.of(args[0]));
    if (args.length == 4) {
      config
          .postgresPort(Integer.parseInt(args[1]))
          .kafkaPort(Integer.parseInt(args[2]))
          .kafkaControllerPort(Integer.parseInt(args[3]));
    }
    LocalStack stack = LocalStack.start(config.build());
    System.out.println(
        "READY " + stack.postgres().pid().orElseThrow() + " " + stack.postgres().watchdogPid());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
