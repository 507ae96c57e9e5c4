package dev.sluice.job.contract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for contract tests: one-column contracts, records, and rejections as text. */
final class Contracts {

  static final MetadataValues NO_METADATA = key -> null;

  private Contracts() {}

  /** A contract of the one column {@code col}, no key, no tenancy. */
  static Contract one(Col col, ValueEncoding encoding) {
    return Contract.of("t", List.of(col.spec()), List.of(), Tenancy.none(), encoding, Map.of());
  }

  /** A record of field/value pairs. */
  static RecordFields record(String... fieldsAndValues) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return fields::get;
  }

  /** The value {@code text} converts to in a TEXT column {@code col}. */
  static Object value(Col col, String text) throws Rejected {
    return value(col, text, ValueEncoding.TEXT);
  }

  static Object value(Col col, String text, ValueEncoding encoding) throws Rejected {
    return one(col, encoding).row(field -> text, NO_METADATA).getField(0);
  }

  /** "REASON detail" of the rejection of {@code text} in column {@code col}. */
  static String rejected(Col col, String text) {
    return rejected(col, text, ValueEncoding.TEXT);
  }

  static String rejected(Col col, String text, ValueEncoding encoding) {
    return rejected(() -> value(col, text, encoding));
  }

  /** "REASON detail" of the rejection {@code call} throws. */
  static String rejected(Call call) {
    try {
      call.run();
    } catch (Rejected r) {
      return r.reason() + " " + r.getMessage();
    }
    throw new AssertionError("not rejected");
  }

  /** A call that may reject. */
  interface Call {
    void run() throws Rejected;
  }
}
