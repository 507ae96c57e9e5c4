package dev.sluice.job.contract;

/** The fields of one raw record, as text. */
public interface RecordFields {

  /** The value of {@code field} as text; null when absent or null; nested JSON as JSON text. */
  String text(String field);
}
