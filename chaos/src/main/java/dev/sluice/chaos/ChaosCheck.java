package dev.sluice.chaos;

/**
 * One end-of-run comparison of an output with what it must hold.
 *
 * @param output e.g. {@code marts.tenant_daily_revenue} or {@code kafka shop.dead_letters}
 * @param expected records (or rows) the oracle says it must hold
 * @param found records it holds
 * @param lost expected records it does not hold
 * @param duplicated records it holds more than once
 * @param wrong records it holds that the oracle does not (a wrong value, or one too many)
 * @param note how it was compared
 * @param sample a few of the lost, duplicated or wrong records, when there are any
 */
public record ChaosCheck(
    String output,
    long expected,
    long found,
    long lost,
    long duplicated,
    long wrong,
    String note,
    String sample) {

  boolean passed() {
    return lost == 0 && duplicated == 0 && wrong == 0;
  }
}
