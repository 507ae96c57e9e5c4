package dev.sluice.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link StackChild} in its own JVM (this test classpath), with the pids it reported. */
final class ChildStack implements AutoCloseable {

  final Process process;
  final long postmasterPid;
  final long watchdogPid;
  private final List<String> output;

  private ChildStack(Process process, long postmasterPid, long watchdogPid, List<String> output) {
    this.process = process;
    this.postmasterPid = postmasterPid;
    this.watchdogPid = watchdogPid;
    this.output = output;
  }

  /** Starts a child JVM running a stack in {@code dir}; waits up to 60 s for its READY line. */
  static ChildStack launch(Path dir, String... ports) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(StackChild.class.getName());
    command.add(dir.toString());
    command.addAll(List.of(ports));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(process, output, ready), "child-stack-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String[] pids = ready.get(60, TimeUnit.SECONDS).split(" ");
      return new ChildStack(process, Long.parseLong(pids[1]), Long.parseLong(pids[2]), output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("The child stack did not report READY; its output: " + output, e);
    }
  }

  /** Reads the child's output to the end (so it never blocks), completing {@code ready}. */
  private static void drain(Process process, List<String> output, CompletableFuture<String> ready) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        if (line.startsWith("READY ")) {
          ready.complete(line);
        }
      }
    } catch (IOException e) {
      // the child died: fall through
    }
    ready.completeExceptionally(new IllegalStateException("child output ended before READY"));
  }

  /** True if the child JVM has exited within {@code timeout}. */
  boolean exitedWithin(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** What the child printed so far. */
  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** Kills the child JVM and its postmaster if a failed test left them running. */
  @Override
  public void close() {
    process.destroyForcibly();
    ProcessHandle.of(postmasterPid)
        .filter(p -> Processes.commandLine(p).contains("postgres"))
        .ifPresent(ProcessHandle::destroyForcibly);
  }
}
