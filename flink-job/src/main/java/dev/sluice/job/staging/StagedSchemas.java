package dev.sluice.job.staging;

import java.util.List;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Schema.UnresolvedPhysicalColumn;
import org.apache.flink.table.types.DataType;

/** Variants of a staged table's schema. */
public final class StagedSchemas {

  private StagedSchemas() {}

  /** {@code schema}'s columns with {@code key} as primary key (its columns NOT NULL). */
  public static Schema withKey(Schema schema, List<String> key) {
    Schema.Builder builder = Schema.newBuilder();
    for (Schema.UnresolvedColumn column : schema.getColumns()) {
      DataType type = (DataType) ((UnresolvedPhysicalColumn) column).getDataType();
      builder.column(column.getName(), key.contains(column.getName()) ? type.notNull() : type);
    }
    return builder.primaryKey(key).build();
  }
}
