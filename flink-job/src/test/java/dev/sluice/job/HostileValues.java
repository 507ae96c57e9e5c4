package dev.sluice.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The hostile values the fuzz tests drive through every field: control and NUL characters, unpaired
 * surrogates, 4-byte UTF-8, huge strings, dates and times at and beyond every limit, leap seconds,
 * non-finite and negative-zero numbers, numbers beyond a column's precision or 64 bits, keys at and
 * beyond Postgres' index limit. Each is text as a record would carry it.
 */
public final class HostileValues {

  /** Text: NUL and control bytes, surrogates, 4-byte UTF-8, blanks, a CSV comma, 100 kB. */
  public static final List<String> TEXT =
      List.of(
          "a\u0000b",
          "\u0000",
          "x\u0001\u001b[31m\u007f",
          "line\nbreak",
          "\uD800",
          "lone\uDC00low",
          "\uD83D\uDE00 4-byte",
          "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
          "",
          "   ",
          "comma,inside",
          "quote\"inside",
          "back\\slash",
          "\uFEFFbom",
          "x".repeat(100 * 1024));

  /** Times: the limits of the years Postgres and Java print alike, and beyond them. */
  public static final List<String> TIMES =
      List.of(
          "0000-01-01T00:00:00Z",
          "-0001-12-31T23:59:59Z",
          "0001-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "1999-12-31T23:59:59.999999999Z",
          "2016-12-31T23:59:60Z",
          "2026-11-20T23:59:60+01:00",
          "2026-11-20T08:00:00+14:00",
          "2026-11-20T08:00:00-12:00",
          "9999-12-31T23:59:59Z",
          "+10000-01-01T00:00:00Z",
          "+294277-01-01T00:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-11-20T08:00:00",
          "infinity",
          "-infinity");

  /** Numbers: non-finite, negative zero, beyond 64 bits, beyond DECIMAL(12,2). */
  public static final List<String> NUMBERS =
      List.of(
          "NaN",
          "Infinity",
          "-Infinity",
          "-0",
          "-0.00",
          "0",
          "1e3",
          "1E+2",
          "1e309",
          "0.001",
          "9999999999.99",
          "10000000000.00",
          "123456789012345678901234567890",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "0x1F",
          "١٢٣");

  /** Keys at and beyond the 2,000-byte key bound and the 2,704-byte index entry limit. */
  public static final List<String> KEYS =
      List.of(
          "k".repeat(1990), "k".repeat(2001), "k".repeat(2705), "k".repeat(6000), "é".repeat(1001));

  /** Every hostile value. */
  public static final List<String> ALL = all();

  private HostileValues() {}

  private static List<String> all() {
    List<String> all = new ArrayList<>();
    all.addAll(TEXT);
    all.addAll(TIMES);
    all.addAll(NUMBERS);
    all.addAll(KEYS);
    return Collections.unmodifiableList(all);
  }

  /** A value drawn from {@link #ALL}. */
  public static String pick(Random random) {
    return ALL.get(random.nextInt(ALL.size()));
  }

  /** The seed of a fuzz run: {@code -Dsluice.fuzz.seed=N}, else a fixed one (runs repeat). */
  public static long seed() {
    return Long.getLong("sluice.fuzz.seed", 20261203L);
  }
}
