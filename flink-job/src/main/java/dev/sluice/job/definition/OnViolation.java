package dev.sluice.job.definition;

/** What a row that fails an expectation does. */
public enum OnViolation {
  /** The row becomes an EXPECTATION dead letter and is not staged. */
  DEAD_LETTER,
  /** The row is staged; the violation is logged and counted. */
  WARN,
  /** The job stops, naming the expectation and the row. */
  FAIL
}
