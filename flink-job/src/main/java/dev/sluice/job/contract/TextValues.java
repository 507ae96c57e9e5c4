package dev.sluice.job.contract;

import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_TYPE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_VALUE;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Converts a column's non-blank text to its Java value; each failure names the field and value. */
final class TextValues {

  /** A decimal number, optionally signed, with an exponent: FLOAT and DOUBLE text. */
  private static final Pattern FLOATING =
      Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  private static final Pattern NOT_FINITE = Pattern.compile("[-+]?(NaN|Infinity)");

  private TextValues() {}

  /** {@code v} (non-blank, stripped when the column trims) as a value of {@code type}. */
  static Object value(ColumnType type, String field, String v, ValueEncoding encoding)
      throws Rejected {
    switch (type.kind) {
      case STRING:
        return v;
      case BOOLEAN:
        return bool(field, v);
      case TINYINT:
        return (byte) integer(type, field, v, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT:
        return (short) integer(type, field, v, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT:
        return (int) integer(type, field, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT:
        return integer(type, field, v, Long.MIN_VALUE, Long.MAX_VALUE);
      case FLOAT:
        return (float) floating(type, field, v);
      case DOUBLE:
        return floating(type, field, v);
      case DECIMAL:
        return decimal(type, field, v);
      case DATE:
        return date(field, v, encoding);
      case TIMESTAMP:
        return encoding == ValueEncoding.DEBEZIUM && isInteger(v)
            ? LocalDateTime.ofInstant(epochMillis(type, field, v), ZoneOffset.UTC)
            : Timestamps.utc(field, v, type.precision);
      case TIMESTAMP_LTZ:
        return encoding == ValueEncoding.DEBEZIUM && isInteger(v)
            ? epochMillis(type, field, v)
            : Timestamps.instant(field, v, type.precision);
      default:
        throw new IllegalStateException("no conversion for " + type);
    }
  }

  private static Boolean bool(String field, String v) throws Rejected {
    if (v.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (v.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new Rejected(
        INVALID_TYPE, "field " + field + " is not a boolean (true/false): '" + v + "'");
  }

  /** True for ASCII digits with an optional sign. */
  private static boolean isInteger(String v) {
    int start = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
    if (start == v.length()) {
      return false;
    }
    for (int i = start; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** ASCII digits with an optional sign, within [min, max]; parsed without exceptions. */
  private static long integer(ColumnType type, String field, String v, long min, long max)
      throws Rejected {
    if (!isInteger(v)) {
      throw new Rejected(INVALID_TYPE, "field " + field + " is not an integer: '" + v + "'");
    }
    boolean negative = v.charAt(0) == '-';
    int start = negative || v.charAt(0) == '+' ? 1 : 0;
    // Accumulated negatively, as Long.parseLong does, so Long.MIN_VALUE fits.
    long result = 0;
    boolean overflow = false;
    for (int i = start; i < v.length() && !overflow; i++) {
      int digit = v.charAt(i) - '0';
      if (result < (Long.MIN_VALUE + digit) / 10) {
        overflow = true;
      } else {
        result = result * 10 - digit;
      }
    }
    if (!negative) {
      overflow |= result == Long.MIN_VALUE;
      result = -result;
    }
    if (overflow || result < min || result > max) {
      throw new Rejected(
          INVALID_VALUE, "field " + field + " = " + v + " is out of the range of " + type);
    }
    return result;
  }

  private static double floating(ColumnType type, String field, String v) throws Rejected {
    if (NOT_FINITE.matcher(v).matches()) {
      throw notFinite(type, field, v);
    }
    if (!FLOATING.matcher(v).matches()) {
      throw new Rejected(INVALID_TYPE, "field " + field + " is not a number: '" + v + "'");
    }
    double parsed = type.kind == ColumnKind.FLOAT ? Float.parseFloat(v) : Double.parseDouble(v);
    if (Double.isInfinite(parsed)) {
      throw notFinite(type, field, v);
    }
    return parsed;
  }

  private static Rejected notFinite(ColumnType type, String field, String v) {
    return new Rejected(INVALID_VALUE, "field " + field + " = " + v + " is not a finite " + type);
  }

  /** True for digits with an optional sign and fraction: no exponent, no bare point. */
  private static boolean isPlainDecimal(String v) {
    int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
    int digits = 0;
    for (; i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9'; i++) {
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (i == v.length()) {
      return true;
    }
    if (v.charAt(i++) != '.' || i == v.length()) {
      return false;
    }
    for (; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static BigDecimal decimal(ColumnType type, String field, String v) throws Rejected {
    // Digits with an optional fraction: scientific notation (1E+2) is not a decimal's format.
    if (!isPlainDecimal(v)) {
      throw new Rejected(INVALID_TYPE, "field " + field + " is not a plain decimal: '" + v + "'");
    }
    BigDecimal parsed = new BigDecimal(v);
    // A widened source column (NUMERIC(18,4)) sends 1.5000: trailing zeros fit, digits do not.
    boolean fraction =
        parsed.scale() <= type.scale || parsed.stripTrailingZeros().scale() <= type.scale;
    if (!fraction || parsed.abs().compareTo(type.limit) >= 0) {
      throw new Rejected(
          INVALID_VALUE,
          "field "
              + field
              + " does not fit DECIMAL("
              + type.precision
              + ","
              + type.scale
              + "): "
              + v);
    }
    return parsed.setScale(type.scale);
  }

  private static LocalDate date(String field, String v, ValueEncoding encoding) throws Rejected {
    try {
      if (encoding == ValueEncoding.DEBEZIUM && isInteger(v)) {
        return LocalDate.ofEpochDay(Long.parseLong(v));
      }
      return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new Rejected(
          INVALID_TYPE, "field " + field + " is not an ISO-8601 date (yyyy-MM-dd): '" + v + "'");
    } catch (DateTimeException e) {
      throw new Rejected(
          INVALID_VALUE, "field " + field + " = " + v + " is beyond the days a DATE holds");
    }
  }

  /** Debezium's connect mode: an integer of milliseconds since the epoch. */
  private static Instant epochMillis(ColumnType type, String field, String v) throws Rejected {
    long millis = integer(type, field, v, Long.MIN_VALUE, Long.MAX_VALUE);
    return Timestamps.truncate(Instant.ofEpochMilli(millis), type.precision);
  }
}
