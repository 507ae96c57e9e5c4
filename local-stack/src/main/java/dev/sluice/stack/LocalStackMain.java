package dev.sluice.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs the local stack alone until Ctrl-C: {@code bin/sluice stack [work-dir]}. */
public final class LocalStackMain {

  private LocalStackMain() {}

  /** Starts the stack on the demo ports, data under the argument (default {@code work/stack}). */
  public static void main(String[] args) throws InterruptedException {
    Path workDir = Path.of(args.length > 0 ? args[0] : "work/stack");
    LocalStack stack;
    try {
      stack = LocalStack.start(LocalStackConfig.forDemo(workDir));
    } catch (IllegalStateException e) {
      System.err.println("Cannot start the local stack: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println("Postgres  " + stack.postgres().jdbcUrl("postgres") + " (user postgres)");
    System.out.println("Kafka     " + stack.kafka().bootstrapServers());
    System.out.println("Data in   " + workDir.toAbsolutePath().normalize());
    System.out.println("Ctrl-C stops both.");
    // The shutdown hook registered by LocalStack.start stops both servers on Ctrl-C / SIGTERM.
    new CountDownLatch(1).await();
  }
}
