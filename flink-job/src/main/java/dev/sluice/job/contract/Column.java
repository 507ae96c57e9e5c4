package dev.sluice.job.contract;

import static dev.sluice.connectors.deadletter.DeadLetterReason.INVALID_VALUE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.UNKNOWN_TENANT;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One declared column, compiled: where its value comes from, its conversion and its rules. */
final class Column implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The name its rejections give: the record field it reads, or its own for metadata. */
  final String field;

  /** The metadata key it takes its value from; null reads the record. */
  final String metadata;

  final ColumnType type;
  private final ValueEncoding encoding;
  private final boolean required;
  private final boolean trim;
  private final int maxLength;
  private final Set<String> accepted;
  private final List<String> acceptedInOrder;
  private final Pattern pattern;
  private final Bound min;
  private final Bound max;
  private final Set<String> tenants;

  Column(
      ColumnSpec spec,
      ColumnType type,
      ValueEncoding encoding,
      boolean required,
      Pattern pattern,
      Bound min,
      Bound max,
      Set<String> tenants) {
    this.metadata = spec.metadata();
    this.field = metadata == null ? spec.field() : spec.name();
    this.type = type;
    this.encoding = encoding;
    this.required = required;
    this.trim = spec.trim();
    this.maxLength = maxLength(spec, type);
    this.accepted = spec.accepted().isEmpty() ? null : Set.copyOf(spec.accepted());
    this.acceptedInOrder = spec.accepted();
    this.pattern = pattern;
    this.min = min;
    this.max = max;
    this.tenants = tenants;
  }

  /** The tighter of max-length and the length of a VARCHAR(n) or CHAR(n); -1 for none. */
  private static int maxLength(ColumnSpec spec, ColumnType type) {
    if (spec.maxLength() == null) {
      return type.length;
    }
    return type.length < 0 ? spec.maxLength() : Math.min(spec.maxLength(), type.length);
  }

  /** The column's value in a record: converted to its type, required checked; no rules. */
  Object value(RecordFields record, MetadataValues metadataValues) throws Rejected {
    if (metadata == null) {
      return text(record.text(field));
    }
    Object value = metadataValues.value(metadata);
    if (value == null || !type.kind.javaClass.isInstance(value)) {
      // Text (or a number of another class) is converted as a record's value would be.
      return text(value == null ? null : value.toString());
    }
    if (required && value instanceof String && ((String) value).isBlank()) {
      throw missing();
    }
    return value;
  }

  private Object text(String text) throws Rejected {
    if (text == null || text.isBlank()) {
      if (required) {
        throw missing();
      }
      // An optional string that is not trimmed is kept as it is, blank included.
      return text != null && !trim && type.kind == ColumnKind.STRING ? text : null;
    }
    return TextValues.value(type, field, trim ? text.strip() : text, encoding);
  }

  private Rejected missing() {
    return new Rejected(MISSING_FIELD, "field " + field + " is missing or empty");
  }

  /** Rejects {@code value} (of the column's type, or null) if it breaks one of the rules. */
  void check(Object value) throws Rejected {
    if (value == null) {
      return;
    }
    if (tenants != null && !tenants.contains(value)) {
      throw new Rejected(UNKNOWN_TENANT, field + " '" + value + "' is not served");
    }
    if (maxLength >= 0) {
      String s = (String) value;
      int length = s.length() > maxLength ? s.codePointCount(0, s.length()) : 0;
      if (length > maxLength) {
        throw new Rejected(
            INVALID_VALUE,
            "field " + field + " has " + length + " characters; at most " + maxLength + " fit");
      }
    }
    if (accepted != null && !accepted.contains(value)) {
      throw new Rejected(
          INVALID_VALUE, "field " + field + " = '" + value + "' is not one of " + acceptedInOrder);
    }
    if (pattern != null && !pattern.matcher((String) value).matches()) {
      throw new Rejected(
          INVALID_VALUE,
          "field " + field + " = '" + value + "' does not match " + pattern.pattern());
    }
    if (min != null || max != null) {
      checkBounds(value);
    }
  }

  private void checkBounds(Object value) throws Rejected {
    boolean below = min != null && Bound.compare(value, min.value()) < 0;
    boolean above = max != null && Bound.compare(value, max.value()) > 0;
    if (!below && !above) {
      return;
    }
    String detail;
    if (min != null && max != null) {
      detail = " is outside [" + min.text + ", " + max.text + "]: ";
    } else if (below) {
      detail = " must be >= " + min.text + ": ";
    } else {
      detail = " must be <= " + max.text + ": ";
    }
    throw new Rejected(INVALID_VALUE, "field " + field + detail + value);
  }
}
