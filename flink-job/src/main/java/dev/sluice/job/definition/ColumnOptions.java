package dev.sluice.job.definition;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of one column under {@code columns:}; a scalar ({@code amount: DECIMAL(12, 2)}) sets only
 * the type.
 */
public final class ColumnOptions {

  private ColumnOptions() {}

  public static final ConfigOption<String> TYPE =
      key("type")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Flink SQL type of the staged column: STRING, BIGINT, DECIMAL(12, 2), DATE,"
                  + " TIMESTAMP(3), TIMESTAMP_LTZ(3), ...");

  public static final ConfigOption<String> FROM =
      key("from")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of the field in the source record this column is read from; unset: the"
                  + " column's own name.");

  public static final ConfigOption<Boolean> REQUIRED =
      key("required")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "A row whose value is missing, null or (for strings) blank is a MISSING_FIELD dead"
                  + " letter.");

  public static final ConfigOption<Boolean> TRIM =
      key("trim")
          .booleanType()
          .defaultValue(true)
          .withDescription("Strip leading and trailing white space from a string value.");

  public static final ConfigOption<List<String>> ACCEPTED =
      key("accepted")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "The only values accepted; any other is an INVALID_VALUE dead letter. Unset: any.");

  public static final ConfigOption<String> MIN =
      key("min")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Smallest value accepted, inclusive: a number, an ISO date or timestamp"
                  + " (2000-01-01T00:00:00Z), or now, now + 1 d, now - 2 h (when the row is"
                  + " staged). A smaller value is an INVALID_VALUE dead letter.");

  public static final ConfigOption<String> MAX =
      key("max")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Largest value accepted, inclusive, written as min is. A larger value is an"
                  + " INVALID_VALUE dead letter.");

  public static final ConfigOption<String> PATTERN =
      key("pattern")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Java regular expression the whole string value must match; else INVALID_VALUE.");

  public static final ConfigOption<Integer> MAX_LENGTH =
      key("max-length")
          .intType()
          .noDefaultValue()
          .withDescription("Longest string value accepted, in characters; else INVALID_VALUE.");

  public static final ConfigOption<String> METADATA =
      key("metadata")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The column is not read from the record but filled by the source: one of the"
                  + " source type's metadata keys, such as lsn, file, line, position, batch-id or"
                  + " extra-fields.");

  public static final ConfigOption<String> WITHIN_PARTITION =
      key("within-partition")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of the DATE column holding the row's partition (such as dt, the delivery's"
                  + " day): this value must fall within it, else INVALID_VALUE.");

  /** Options every column must set. */
  public static final Set<ConfigOption<?>> REQUIRED_OPTIONS = Set.of(TYPE);

  /** Options a column may set. */
  public static final Set<ConfigOption<?>> OPTIONAL_OPTIONS =
      Set.of(
          FROM,
          REQUIRED,
          TRIM,
          ACCEPTED,
          MIN,
          MAX,
          PATTERN,
          MAX_LENGTH,
          METADATA,
          WITHIN_PARTITION);
}
