package dev.sluice.bench;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * The benchmark's rows, a pure function of their index: 10 columns; of every 5 rows 4 insert a new
 * key and the fifth updates an earlier one (20 % updates).
 */
final class BenchRows {

  static final List<String> COLUMNS =
      List.of(
          "id",
          "tenant",
          "customer",
          "amount",
          "currency",
          "status",
          "created_at",
          "updated_at",
          "qty",
          "note");

  static final String COLUMN_TYPES =
      "id BIGINT, tenant TEXT, customer BIGINT, amount NUMERIC(12,2), currency TEXT, status TEXT,"
          + " created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, qty INT, note TEXT";

  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};
  private static final String[] STATUSES = {"PENDING", "PAID", "SHIPPED", "CANCELLED"};
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private BenchRows() {}

  /** The key row {@code i} writes. */
  static long key(long i) {
    long block = i / 5;
    int slot = (int) (i % 5);
    if (slot < 4) {
      return block * 4 + slot;
    }
    return Math.floorMod(mix(i), block * 4 + 4);
  }

  /** Distinct keys after {@code n} rows. */
  static long distinctKeys(long n) {
    return (n / 5) * 4 + Math.min(n % 5, 4);
  }

  static Row row(long i) {
    return Row.ofKind(
        RowKind.UPDATE_AFTER,
        key(i),
        "t" + (i % 20),
        i % 100_000,
        BigDecimal.valueOf(i % 1_000_000, 2),
        CURRENCIES[(int) (i % 3)],
        STATUSES[(int) (i % 4)],
        BASE.plusSeconds(key(i)),
        BASE.plusMillis(i),
        (int) (i % 50),
        "note-" + i);
  }

  static void bind(PreparedStatement st, long i) throws SQLException {
    Row row = row(i);
    for (int c = 0; c < row.getArity(); c++) {
      Object value = row.getField(c);
      st.setObject(
          c + 1,
          value instanceof Instant
              ? OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC)
              : value);
    }
  }

  /** One row as a CSV line for COPY. */
  static String csv(long i) {
    Row row = row(i);
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < row.getArity(); c++) {
      if (c > 0) {
        out.append(',');
      }
      out.append(row.getField(c));
    }
    return out.append('\n').toString();
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}
