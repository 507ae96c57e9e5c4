package dev.sluice.job.contract;

/** The metadata of one raw record (its LSN, file, line, position, ...), by key. */
public interface MetadataValues {

  /** The Java value of {@code key} (a Long for an LSN, a String for a file, ...), or null. */
  Object value(String key);
}
