package dev.sluice.job.contract;

import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/** A declared column type, parsed by Flink and reduced to what conversion needs. */
final class ColumnType implements Serializable {

  private static final long serialVersionUID = 1L;

  final ColumnKind kind;
  final LogicalType logical;

  /** Digits of a DECIMAL, fraction digits of a timestamp; else 0. */
  final int precision;

  /** Fraction digits of a DECIMAL; else 0. */
  final int scale;

  /** Most characters of a VARCHAR(n) or CHAR(n); -1 for STRING and other types. */
  final int length;

  /** The least absolute value a DECIMAL cannot hold, 10^(precision - scale); else null. */
  final BigDecimal limit;

  private ColumnType(ColumnKind kind, LogicalType logical, int precision, int scale, int length) {
    this.kind = kind;
    this.logical = logical;
    this.precision = precision;
    this.scale = scale;
    this.length = length;
    this.limit = kind == ColumnKind.DECIMAL ? BigDecimal.TEN.pow(precision - scale) : null;
  }

  /** The type {@code text} names, or an exception starting with {@code where}. */
  static ColumnType parse(String text, String where) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          where + ".type is missing; declare one of " + ColumnKind.SUPPORTED);
    }
    LogicalType type;
    try {
      type = LogicalTypeParser.parse(text, ColumnType.class.getClassLoader());
    } catch (RuntimeException e) {
      throw unsupported(text, where, ": " + e.getMessage());
    }
    if (!type.isNullable()) {
      throw new IllegalArgumentException(
          where
              + ".type: '"
              + text
              + "' says NOT NULL; write the type alone and required: true instead");
    }
    switch (type.getTypeRoot()) {
      case CHAR:
        return new ColumnType(ColumnKind.STRING, type, 0, 0, ((CharType) type).getLength());
      case VARCHAR:
        int length = ((VarCharType) type).getLength();
        return new ColumnType(
            ColumnKind.STRING, type, 0, 0, length == VarCharType.MAX_LENGTH ? -1 : length);
      case BOOLEAN:
        return simple(ColumnKind.BOOLEAN, type);
      case TINYINT:
        return simple(ColumnKind.TINYINT, type);
      case SMALLINT:
        return simple(ColumnKind.SMALLINT, type);
      case INTEGER:
        return simple(ColumnKind.INT, type);
      case BIGINT:
        return simple(ColumnKind.BIGINT, type);
      case FLOAT:
        return simple(ColumnKind.FLOAT, type);
      case DOUBLE:
        return simple(ColumnKind.DOUBLE, type);
      case DECIMAL:
        DecimalType decimal = (DecimalType) type;
        return new ColumnType(
            ColumnKind.DECIMAL, type, decimal.getPrecision(), decimal.getScale(), -1);
      case DATE:
        return simple(ColumnKind.DATE, type);
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return new ColumnType(
            ColumnKind.TIMESTAMP, type, ((TimestampType) type).getPrecision(), 0, -1);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return new ColumnType(
            ColumnKind.TIMESTAMP_LTZ, type, ((LocalZonedTimestampType) type).getPrecision(), 0, -1);
      default:
        throw unsupported(text, where, "");
    }
  }

  private static ColumnType simple(ColumnKind kind, LogicalType type) {
    return new ColumnType(kind, type, 0, 0, -1);
  }

  private static IllegalArgumentException unsupported(String text, String where, String why) {
    return new IllegalArgumentException(
        where
            + ".type: '"
            + text
            + "' is not a type a contract stages"
            + why
            + "; use one of "
            + ColumnKind.SUPPORTED);
  }

  /** The Flink data type of the column, nullable. */
  DataType dataType() {
    return TypeConversions.fromLogicalToDataType(logical);
  }

  /** The type as error messages name it, e.g. {@code DECIMAL(12, 2)}. */
  @Override
  public String toString() {
    return logical.asSummaryString();
  }
}
