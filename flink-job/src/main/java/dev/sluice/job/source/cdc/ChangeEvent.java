package dev.sluice.job.source.cdc;

import dev.sluice.job.contract.RecordFields;

/**
 * A Debezium change event parsed once by the {@link ChangeEventRouter}: its table, operation,
 * position and row image (the after-image, or the before-image of a delete) as column texts.
 */
public class ChangeEvent {

  /** The table definition it was routed to. */
  public String table;

  /** The captured table, {@code schema.table}. */
  public String upstream;

  /** Debezium's operation: r (snapshot read), c, u, d. */
  public String op;

  /** The change's LSN, or -1. */
  public long lsn;

  /** The commit time at the source (epoch millis), 0 for snapshot reads. */
  public long commitMillis;

  /** The staging key: the upstream table and the key columns' values, joined by "/". */
  public String key;

  /** The image's column names. */
  public String[] columns;

  /** The image's values as text (JSON null: null), in the order of {@link #columns}. */
  public String[] values;

  /** The event as it arrived, for dead letters. */
  public String json;

  /** For Flink's POJO serializer. */
  public ChangeEvent() {}

  /** True for a change the WAL streamed (not a snapshot read). */
  public boolean streamed() {
    return !"r".equals(op) && lsn > 0;
  }

  /** The image as fields of a record. */
  RecordFields fields() {
    return field -> {
      for (int i = 0; i < columns.length; i++) {
        if (columns[i].equals(field)) {
          return values[i];
        }
      }
      return null;
    };
  }
}
