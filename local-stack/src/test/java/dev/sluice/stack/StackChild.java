package dev.sluice.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A launcher stand-in for the crash test: starts a stack, reports its postmaster, waits. */
public final class StackChild {

  private StackChild() {}

  public static void main(String[] args) throws Exception {
    LocalStack stack = LocalStack.start(LocalStackConfig.forTests(Path.of(args[0])));
    System.out.println("READY " + stack.postgres().pid().orElseThrow());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
