package dev.sluice.connectors.deadletter;

/** The closed set of reasons a record is dead-lettered; documented in the README. */
public enum DeadLetterReason {
  /** The bytes are not the expected format at all (not JSON, not a CSV row, not a change event). */
  MALFORMED,
  /** The bytes are not valid UTF-8. */
  ENCODING,
  /** The record exceeds the size limit and was cut. */
  OVERSIZED,
  /** The record's shape does not match the contract: header, column count, not an object. */
  SCHEMA_MISMATCH,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong type or format (a number that is not a number, a bad timestamp). */
  INVALID_TYPE,
  /** A field is well-typed but outside its domain (negative amount, unknown currency or status). */
  INVALID_VALUE,
  /** The tenant is not one the pipeline serves. */
  UNKNOWN_TENANT,
  /** The record contradicts its partition (tenant or date in the path). */
  PARTITION_MISMATCH,
  /** The event arrived after the watermark passed its event time. */
  LATE,
  /**
   * A record with the same natural key was already accepted within the dedupe retention, or a
   * delivery of a batch already loaded with the same checksum.
   */
  DUPLICATE,
  /**
   * An older version of a batch (delivered before the version already loaded, by its manifest's
   * time) that arrives after it, e.g. both read again after a restart: it must not undo the newer.
   */
  SUPERSEDED,
  /** A delivery's manifest is missing a field, or a field is not what the format requires. */
  MANIFEST_INVALID,
  /** A manifest names a data file that is not there. */
  MISSING_FILE,
  /** A delivery's data file does not have the SHA-256 its manifest declares. */
  CHECKSUM_MISMATCH,
  /** A delivery's data file does not have the row count its manifest declares. */
  ROW_COUNT_MISMATCH,
  /** A data file has had no manifest committing it for longer than the orphan grace period. */
  MISSING_MANIFEST,
  /** A CDC delete of a row the staging never saw (no version of that key in its state). */
  UNKNOWN_ROW,
  /** A CDC column arrived as an unchanged-TOAST placeholder and no earlier version is known. */
  UNAVAILABLE_VALUE,
  /** Columns or fields differ from the contract: added, dropped or renamed (dead-letter policy). */
  SCHEMA_DRIFT,
  /**
   * A delivery reuses the batch id of a batch loaded under other partition values (another tenant
   * or day): a batch can only be corrected from its own partition, never replace another's data.
   */
  BATCH_ID_CONFLICT,
  /**
   * The target database rejected the row with a data error (SQLSTATE class 22, 23 or 54); the
   * detail names table, column and SQLSTATE.
   */
  SINK_REJECTED,
  /**
   * The row breaks a named expectation of its table's contract (a SQL boolean expression that came
   * out FALSE); the detail names the expectation and its expression.
   */
  EXPECTATION_FAILED
}
