package dev.sluice.job.contract;

import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_VALUE;

import dev.sluice.connectors.text.WritableText;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * The check every staged row passes before it leaves staging: each value is one every sink can
 * store (text without NUL or unpaired surrogates, dates and times in the years 1 to 9999, finite
 * floating-point numbers, a key within an index entry's limit). A row that fails is a dead letter
 * of its own record, so no value can fail a commit downstream.
 */
final class WritableRow implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Most UTF-8 bytes the key fields of a row may take together: Postgres limits a B-tree entry to
   * 2,704 bytes, and the key is the primary key of the tables staged rows end up in.
   */
  static final int MAX_KEY_BYTES = 2000;

  private final String[] names;
  private final int[] keyPositions;

  WritableRow(List<String> names, int[] keyPositions) {
    this.names = names.toArray(new String[0]);
    this.keyPositions = keyPositions.clone();
  }

  /** {@code row}, or a rejection naming the first field it cannot write. */
  Row check(Row row) throws Rejected {
    for (int i = 0; i < row.getArity() && i < names.length; i++) {
      String problem = problem(row.getField(i));
      if (problem != null) {
        throw new Rejected(INVALID_VALUE, "field " + names[i] + " " + problem);
      }
    }
    long keyBytes = 0;
    for (int position : keyPositions) {
      Object value = row.getField(position);
      keyBytes += value == null ? 0 : value.toString().getBytes(StandardCharsets.UTF_8).length;
    }
    if (keyBytes > MAX_KEY_BYTES) {
      throw new Rejected(
          INVALID_VALUE,
          "key fields "
              + keyNames()
              + " take "
              + keyBytes
              + " bytes; a key may take at most "
              + MAX_KEY_BYTES
              + " (a Postgres index entry holds 2704)");
    }
    return row;
  }

  private static String problem(Object value) {
    if (value instanceof String) {
      return WritableText.problem((String) value);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? null : "is " + d + ", which neither JSON nor NUMERIC holds";
    }
    int year;
    if (value instanceof LocalDateTime) {
      year = ((LocalDateTime) value).getYear();
    } else if (value instanceof LocalDate) {
      year = ((LocalDate) value).getYear();
    } else if (value instanceof Instant) {
      year = ((Instant) value).atOffset(ZoneOffset.UTC).getYear();
    } else {
      return null;
    }
    return year >= 1 && year <= 9999 ? null : "= " + value + " is outside the years 1 to 9999";
  }

  private String keyNames() {
    StringBuilder out = new StringBuilder("(");
    for (int position : keyPositions) {
      out.append(out.length() > 1 ? ", " : "").append(names[position]);
    }
    return out.append(')').toString();
  }
}
