package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_TYPE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_VALUE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.regex.Pattern;

/** Typed field checks shared by the staging parsers; each failure names the field and value. */
final class Fields {

  /** Earliest event time accepted. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Largest amount accepted (exclusive). */
  static final BigDecimal MAX_AMOUNT = new BigDecimal("10000000000");

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?");

  /** Seconds 60 of a leap second, e.g. {@code 2016-12-31T23:59:60Z}. */
  private static final Pattern LEAP_SECOND = Pattern.compile("(?<minute>T\\d\\d:\\d\\d:)60");

  private Fields() {}

  static String text(String field, String value) throws Rejected {
    if (value == null || value.isBlank()) {
      throw new Rejected(MISSING_FIELD, "field " + field + " is missing or empty");
    }
    return value.strip();
  }

  static long positiveLong(String field, String value) throws Rejected {
    String v = text(field, value);
    long parsed;
    try {
      parsed = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new Rejected(INVALID_TYPE, "field " + field + " is not an integer: '" + v + "'");
    }
    if (parsed <= 0) {
      throw new Rejected(INVALID_VALUE, "field " + field + " must be positive: " + parsed);
    }
    return parsed;
  }

  static BigDecimal amount(String field, String value) throws Rejected {
    String v = text(field, value);
    // Digits with an optional fraction: scientific notation (1E+2) is not an amount's format.
    if (!PLAIN_DECIMAL.matcher(v).matches()) {
      throw new Rejected(INVALID_TYPE, "field " + field + " is not a plain decimal: '" + v + "'");
    }
    BigDecimal parsed = new BigDecimal(v);
    if (parsed.signum() < 0) {
      throw new Rejected(INVALID_VALUE, "field " + field + " is negative: " + v);
    }
    // A widened source column (NUMERIC(18,4)) sends 1.5000: trailing zeros fit, digits do not.
    if (parsed.stripTrailingZeros().scale() > 2 || parsed.compareTo(MAX_AMOUNT) >= 0) {
      throw new Rejected(INVALID_VALUE, "field " + field + " does not fit DECIMAL(12,2): " + v);
    }
    return parsed.setScale(2);
  }

  static Instant instant(String field, String value) throws Rejected {
    String v = text(field, value);
    Instant parsed;
    try {
      // A leap second is the last second of its minute, as java.time's ISO_INSTANT reads it.
      parsed = OffsetDateTime.parse(LEAP_SECOND.matcher(v).replaceFirst("${minute}59")).toInstant();
    } catch (DateTimeParseException e) {
      throw new Rejected(
          INVALID_TYPE,
          "field " + field + " is not an ISO-8601 timestamp with offset: '" + v + "'");
    }
    Instant latest = Instant.now().plusSeconds(24 * 3600);
    if (parsed.isBefore(EARLIEST) || parsed.isAfter(latest)) {
      throw new Rejected(
          INVALID_VALUE,
          "field " + field + " is outside [" + EARLIEST + ", now + 1 day]: " + parsed);
    }
    return parsed;
  }

  static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static String oneOf(String field, String value, Collection<String> allowed) throws Rejected {
    String v = text(field, value);
    if (!allowed.contains(v)) {
      throw new Rejected(
          INVALID_VALUE, "field " + field + " = '" + v + "' is not one of " + allowed);
    }
    return v;
  }
}
