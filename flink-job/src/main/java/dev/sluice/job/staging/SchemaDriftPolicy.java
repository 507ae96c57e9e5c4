package dev.sluice.job.staging;

/** What a source does with a column or field its contract does not know. */
public enum SchemaDriftPolicy {
  /** Keep the known columns and carry the new ones along with the record. */
  EVOLVE,
  /** Keep the known columns and drop the new ones. */
  IGNORE,
  /** Reject the record as a dead letter with reason SCHEMA_DRIFT naming the new column. */
  DEAD_LETTER,
  /** Fail the job with an error naming the source, the position and the column. */
  FAIL
}
