package dev.sluice.job.contract;

import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_TYPE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_VALUE;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.regex.Pattern;

/**
 * ISO-8601 timestamps as staging reads them: with an offset (or, for TIMESTAMP, without one), a
 * leap second read as the last second of its minute, truncated to the declared precision.
 */
final class Timestamps {

  /** ISO_OFFSET_DATE_TIME with the offset optional. */
  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);

  /** Second 60 of a leap second, e.g. {@code 2016-12-31T23:59:60Z}. */
  private static final Pattern LEAP_SECOND = Pattern.compile("(?<minute>T\\d\\d:\\d\\d:)60");

  private static final int[] TRUNCATION = {
    1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private Timestamps() {}

  /** {@code v} as an instant; it must carry an offset. */
  static Instant instant(String field, String v, int precision) throws Rejected {
    TemporalAccessor parsed = parse(field, v);
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    if (offset == null) {
      throw notATimestamp(field, v);
    }
    return truncate(local(parsed).toInstant(offset), precision);
  }

  /**
   * {@code v} as a UTC date-time: one with an offset is moved to UTC (which may take it beyond the
   * years a date-time holds), one without is taken as it is.
   */
  static LocalDateTime utc(String field, String v, int precision) throws Rejected {
    TemporalAccessor parsed = parse(field, v);
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    try {
      LocalDateTime local = local(parsed);
      return truncate(
          offset == null ? local : LocalDateTime.ofInstant(local.toInstant(offset), ZoneOffset.UTC),
          precision);
    } catch (DateTimeException e) {
      throw beyond(field, v);
    }
  }

  static Instant truncate(Instant instant, int precision) {
    int cut = instant.getNano() % TRUNCATION[precision];
    return cut == 0 ? instant : instant.minusNanos(cut);
  }

  static LocalDateTime truncate(LocalDateTime time, int precision) {
    int cut = time.getNano() % TRUNCATION[precision];
    return cut == 0 ? time : time.minusNanos(cut);
  }

  private static TemporalAccessor parse(String field, String v) throws Rejected {
    try {
      return ISO.parse(v);
    } catch (DateTimeParseException e) {
      // A leap second is the last second of its minute, as java.time's ISO_INSTANT reads it.
      if (LEAP_SECOND.matcher(v).find()) {
        try {
          return ISO.parse(LEAP_SECOND.matcher(v).replaceFirst("${minute}59"));
        } catch (DateTimeParseException notEither) {
          throw notATimestamp(field, v);
        }
      }
      throw notATimestamp(field, v);
    }
  }

  private static LocalDateTime local(TemporalAccessor parsed) {
    return LocalDateTime.of(
        parsed.query(TemporalQueries.localDate()), parsed.query(TemporalQueries.localTime()));
  }

  private static Rejected notATimestamp(String field, String v) {
    return new Rejected(
        INVALID_TYPE, "field " + field + " is not an ISO-8601 timestamp with offset: '" + v + "'");
  }

  private static Rejected beyond(String field, String v) {
    return new Rejected(
        INVALID_VALUE, "field " + field + " = '" + v + "' is beyond the years a timestamp holds");
  }
}
