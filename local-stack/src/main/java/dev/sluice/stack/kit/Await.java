package dev.sluice.stack.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for an outcome with a deadline, for the tests and the drills (never a bare sleep). */
public final class Await {

  private static final long POLL_MILLIS = 250;

  private Await() {}

  /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Waits until {@code actual} equals {@code expected}; after {@code timeout}, fails showing the
   * rows missing and the rows not expected.
   */
  public static void equal(
      String what, Duration timeout, List<String> expected, Supplier<List<String>> actual)
      throws InterruptedException {
    try {
      until(what + " to equal what is expected", timeout, () -> expected.equals(actual.get()));
    } catch (AssertionError timedOut) {
      List<String> last = actual.get();
      List<String> missing = new ArrayList<>(expected);
      missing.removeAll(last);
      List<String> unexpected = new ArrayList<>(last);
      unexpected.removeAll(expected);
      throw new AssertionError(
          timedOut.getMessage()
              + "\n  missing ("
              + missing.size()
              + "): "
              + missing
              + "\n  not expected ("
              + unexpected.size()
              + "): "
              + unexpected,
          timedOut);
    }
  }

  /**
   * Waits until {@code actual} equals {@code expected} or {@code deadlineNanos} ({@link
   * System#nanoTime}) passes, whichever comes first, without failing: for a verdict that compares
   * afterwards.
   */
  public static void settle(
      Supplier<List<String>> expected, Supplier<List<String>> actual, long deadlineNanos)
      throws InterruptedException {
    while (System.nanoTime() < deadlineNanos && !expected.get().equals(actual.get())) {
      Thread.sleep(POLL_MILLIS);
    }
  }
}
