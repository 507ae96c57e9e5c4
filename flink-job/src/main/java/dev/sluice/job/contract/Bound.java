package dev.sluice.job.contract;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;

/**
 * A column's min or max: a value of the column's type, or (dates and timestamps) {@code now}
 * shifted by a Flink duration ({@code now + 1 d}, {@code now - 2 h}), evaluated at each row.
 */
final class Bound implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final Pattern NOW = Pattern.compile("now\\s*(?:([+-])\\s*(\\S.*))?");

  /** The bound as declared, for messages. */
  final String text;

  private final ColumnKind kind;
  private final Comparable<Object> fixed;
  private final Duration shift;

  private Bound(String text, ColumnKind kind, Comparable<Object> fixed, Duration shift) {
    this.text = text;
    this.kind = kind;
    this.fixed = fixed;
    this.shift = shift;
  }

  /**
   * The bound {@code text} declares for a column of {@code type}, or an exception starting with
   * {@code where} (the key path of the bound).
   */
  @SuppressWarnings("unchecked")
  static Bound parse(String text, ColumnType type, String where) {
    String declared = text.strip();
    Matcher now = NOW.matcher(declared);
    if (now.matches()) {
      if (!type.kind.isTemporal()) {
        throw new IllegalArgumentException(
            where
                + ": '"
                + declared
                + "' is relative to now, which only dates and timestamps are;"
                + " write a "
                + type
                + " value such as "
                + example(type.kind));
      }
      Duration shift = Duration.ZERO;
      if (now.group(1) != null) {
        try {
          shift = TimeUtils.parseDuration(now.group(2));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              where
                  + ": '"
                  + now.group(2)
                  + "' is not a duration ("
                  + e.getMessage()
                  + "); write e.g. now + 1 d, now - 2 h or now + 30 min");
        }
        shift = now.group(1).equals("-") ? shift.negated() : shift;
      }
      return new Bound(declared, type.kind, null, shift);
    }
    try {
      Object value = TextValues.value(type, "bound", declared, ValueEncoding.TEXT);
      return new Bound(declared, type.kind, (Comparable<Object>) value, null);
    } catch (Rejected e) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + declared
              + "' is not a "
              + type
              + " value ("
              + e.getMessage().replaceFirst("^field bound ", "it ")
              + "); write one such as "
              + example(type.kind)
              + (type.kind.isTemporal() ? ", or now, now + 1 d, now - 2 h" : ""));
    }
  }

  /** The bound's value now, of the column's Java class. */
  Object value() {
    if (fixed != null) {
      return fixed;
    }
    Instant at = Instant.now().plus(shift);
    switch (kind) {
      case DATE:
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
      case TIMESTAMP:
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
      default:
        return at;
    }
  }

  /** True if this bound is certainly above {@code other} (both fixed, or both relative to now). */
  boolean isAbove(Bound other) {
    if (fixed != null && other.fixed != null) {
      return fixed.compareTo(other.fixed) > 0;
    }
    return fixed == null && other.fixed == null && shift.compareTo(other.shift) > 0;
  }

  /** {@code value} compared to the bound's current value. */
  @SuppressWarnings("unchecked")
  static int compare(Object value, Object bound) {
    return ((Comparable<Object>) value).compareTo(bound);
  }

  private static String example(ColumnKind kind) {
    switch (kind) {
      case DATE:
        return "2000-01-01";
      case TIMESTAMP:
      case TIMESTAMP_LTZ:
        return "2000-01-01T00:00:00Z";
      case FLOAT:
      case DOUBLE:
        return "0.5";
      default:
        return "0";
    }
  }
}
