package dev.sluice.stack;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A tiny shell process that outlives this JVM only to stop a server the JVM started: it waits for
 * the JVM's pid to disappear (a crash, {@code kill -9}), then asks the server for a fast shutdown
 * (SIGINT) and kills it after 10 s. It ignores Ctrl-C, which the JVM handles; a normal close stops
 * the watchdog.
 */
final class Watchdog {

  private Watchdog() {}

  /** Starts a watchdog that terminates {@code serverPid} once this JVM is gone. */
  static Process guard(long serverPid) throws IOException {
    long jvm = ProcessHandle.current().pid();
    String script =
        "trap '' INT HUP; trap 'kill $t 2>/dev/null; exit 0' TERM; "
            + "tail --pid="
            + jvm
            + " -f /dev/null & t=$!; wait $t; "
            + "kill -INT "
            + serverPid
            + " 2>/dev/null; "
            + "for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "
            + serverPid
            + " 2>/dev/null || exit 0; sleep 1; done; "
            + "kill -KILL "
            + serverPid
            + " 2>/dev/null";
    return new ProcessBuilder("sh", "-c", script)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Stops a watchdog after a normal close: SIGTERM (it stops its {@code tail}), then a kill. */
  static void stop(Process watchdog) {
    watchdog.destroy();
    try {
      if (!watchdog.waitFor(5, TimeUnit.SECONDS)) {
        watchdog.destroyForcibly();
      }
    } catch (InterruptedException e) {
      watchdog.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
