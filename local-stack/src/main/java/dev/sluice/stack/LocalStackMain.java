package dev.sluice.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs the local stack alone until Ctrl-C: {@code bin/sluice stack [work-dir]}. */
public final class LocalStackMain {

  private LocalStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path workDir = Path.of(args.length > 0 ? args[0] : "work/stack");
    LocalStack stack = LocalStack.start(LocalStackConfig.forDemo(workDir));
    System.out.println("Postgres  " + stack.postgres().jdbcUrl("postgres") + " (user postgres)");
    System.out.println("Kafka     " + stack.kafka().bootstrapServers());
    System.out.println("Ctrl-C stops both.");
    new CountDownLatch(1).await();
  }
}
