package dev.sluice.job.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The column types a contract stages, with the Java class and legacy type info of each. */
enum ColumnKind {
  STRING(Types.STRING, String.class),
  BOOLEAN(Types.BOOLEAN, Boolean.class),
  TINYINT(Types.BYTE, Byte.class),
  SMALLINT(Types.SHORT, Short.class),
  INT(Types.INT, Integer.class),
  BIGINT(Types.LONG, Long.class),
  FLOAT(Types.FLOAT, Float.class),
  DOUBLE(Types.DOUBLE, Double.class),
  DECIMAL(Types.BIG_DEC, BigDecimal.class),
  DATE(Types.LOCAL_DATE, LocalDate.class),
  TIMESTAMP(Types.LOCAL_DATE_TIME, LocalDateTime.class),
  TIMESTAMP_LTZ(Types.INSTANT, Instant.class);

  /** The types as a pipeline file may write them, for error messages. */
  static final String SUPPORTED =
      "STRING, VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE,"
          + " DECIMAL(p, s), DATE, TIMESTAMP(p), TIMESTAMP_LTZ(p)";

  final TypeInformation<?> typeInfo;
  final Class<?> javaClass;

  ColumnKind(TypeInformation<?> typeInfo, Class<?> javaClass) {
    this.typeInfo = typeInfo;
    this.javaClass = javaClass;
  }

  /** True for the types min and max apply to: numbers, dates and timestamps. */
  boolean isOrdered() {
    return this != STRING && this != BOOLEAN;
  }

  boolean isTemporal() {
    return this == DATE || this == TIMESTAMP || this == TIMESTAMP_LTZ;
  }
}
