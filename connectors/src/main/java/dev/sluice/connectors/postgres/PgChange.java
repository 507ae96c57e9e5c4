package dev.sluice.connectors.postgres;

/**
 * One change for the exactly-once Postgres sink, already encoded: the target table, the merge key
 * and the full row as a CSV line. Strings only, so changes of many tables share one stream type.
 */
public class PgChange {

  /** Target table, {@code schema.table}. */
  public String table;

  /** The merge key, CSV-encoded; equal keys are equal strings. */
  public String key;

  /** True for a delete (or the retraction of an update). */
  public boolean delete;

  /** The row's columns as one CSV line, without the line end. */
  public String csv;

  /** For Flink's POJO serializer. */
  public PgChange() {}

  public PgChange(String table, String key, boolean delete, String csv) {
    this.table = table;
    this.key = key;
    this.delete = delete;
    this.csv = csv;
  }
}
