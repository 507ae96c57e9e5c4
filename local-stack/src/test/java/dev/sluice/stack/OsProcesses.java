package dev.sluice.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the OS says about processes: command lines from {@code /proc}, waits with a deadline. */
final class OsProcesses {

  private OsProcesses() {}

  /** Pids of live processes whose command line contains {@code text}. */
  static List<Long> withCommandLineContaining(String text) throws IOException {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> pid != ProcessHandle.current().pid())
          .filter(
              pid -> ProcessHandle.of(pid).map(Processes::commandLine).orElse("").contains(text))
          .toList();
    }
  }

  /** True if {@code pid} is gone within {@code timeout} (or already was). */
  static boolean goneWithin(long pid, Duration timeout) {
    return ProcessHandle.of(pid).map(p -> Processes.awaitExit(p, timeout)).orElse(true);
  }

  /** Polls {@code value} until it satisfies {@code done}; fails after {@code timeout}. */
  static <T> T await(Supplier<T> value, Predicate<T> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T current = value.get();
    while (!done.test(current)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Still " + current + " after " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      current = value.get();
    }
    return current;
  }

  /** True if {@code pid} names a live process. */
  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
