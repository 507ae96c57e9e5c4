package dev.sluice.job.contract;

/** How a source writes values as text beyond their ISO forms. */
public enum ValueEncoding {
  /** Values as text only: ISO dates and timestamps. */
  TEXT,
  /**
   * Debezium JSON ({@code time.precision.mode=connect}): an integer DATE is days since the epoch,
   * an integer TIMESTAMP or TIMESTAMP_LTZ is milliseconds since the epoch.
   */
  DEBEZIUM
}
