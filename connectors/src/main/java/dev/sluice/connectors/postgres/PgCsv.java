package dev.sluice.connectors.postgres;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes Java values as fields of Postgres {@code COPY ... (FORMAT csv)}: unquoted empty = NULL.
 */
final class PgCsv {

  private PgCsv() {}

  /** {@code value} as one quoted CSV field. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  /** {@code values} as one CSV line, without the line end. */
  static String line(List<?> values) {
    StringBuilder out = new StringBuilder();
    for (Object value : values) {
      if (out.length() > 0) {
        out.append(',');
      }
      append(out, value);
    }
    return out.toString();
  }

  /** The fields of one CSV line as text: null for an unquoted empty field (NULL). */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (true) {
      if (i < line.length() && line.charAt(i) == '"') {
        StringBuilder field = new StringBuilder();
        for (i++; i < line.length(); i++) {
          char c = line.charAt(i);
          if (c == '"' && (i + 1 == line.length() || line.charAt(i + 1) != '"')) {
            i++;
            break;
          }
          field.append(c);
          if (c == '"') {
            i++;
          }
        }
        fields.add(field.toString());
      } else {
        int end = line.indexOf(',', i);
        end = end < 0 ? line.length() : end;
        fields.add(end == i ? null : line.substring(i, end));
        i = end;
      }
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }

  static void append(StringBuilder out, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof BigDecimal) {
      out.append(((BigDecimal) value).toPlainString());
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Boolean) {
      out.append((Boolean) value ? 't' : 'f');
    } else if (value instanceof Instant) {
      out.append(value);
    } else if (value instanceof byte[]) {
      out.append("\"\\x");
      for (byte b : (byte[]) value) {
        out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      out.append('"');
    } else {
      String text = value.toString();
      out.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          out.append('"');
        }
        out.append(c);
      }
      out.append('"');
    }
  }
}
