package dev.sluice.connectors.postgres.table;

import dev.sluice.connectors.postgres.PgType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;

/** Maps the SQL table's column types to what the Postgres columns must take. */
public final class FlinkTypes {

  private FlinkTypes() {}

  /** The Postgres type each column of {@code schema} needs, in column order. */
  public static Map<String, PgType> of(ResolvedSchema schema) {
    Map<String, PgType> types = new LinkedHashMap<>();
    for (Column column : schema.getColumns()) {
      types.put(column.getName(), of(column));
    }
    return types;
  }

  private static PgType of(Column column) {
    switch (column.getDataType().getLogicalType().getTypeRoot()) {
      case CHAR:
      case VARCHAR:
        return PgType.TEXT;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return PgType.INTEGER;
      case DECIMAL:
        return PgType.DECIMAL;
      case FLOAT:
      case DOUBLE:
        return PgType.FLOAT;
      case BOOLEAN:
        return PgType.BOOLEAN;
      case DATE:
        return PgType.DATE;
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return PgType.TIMESTAMP;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
      case TIMESTAMP_WITH_TIME_ZONE:
        return PgType.TIMESTAMP_TZ;
      case BINARY:
      case VARBINARY:
        return PgType.BYTES;
      default:
        throw new ValidationException(
            "Column "
                + column.getName()
                + " has type "
                + column.getDataType()
                + ", which the sluice-postgres sink does not write");
    }
  }
}
