package dev.sluice.job.definition;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of one expectation under {@code expectations:}; a scalar ({@code paid: amount > 0}) sets
 * only the SQL.
 */
public final class ExpectationOptions {

  private ExpectationOptions() {}

  public static final ConfigOption<String> SQL =
      key("sql")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Boolean Flink SQL expression over the table's columns that every staged row must"
                  + " satisfy, e.g. status <> 'PAID' OR amount > 0.");

  public static final ConfigOption<OnViolation> ON_VIOLATION =
      key("on-violation")
          .enumType(OnViolation.class)
          .defaultValue(OnViolation.DEAD_LETTER)
          .withDescription(
              "What a row that does not satisfy sql does: dead-letter (an EXPECTATION dead"
                  + " letter, not staged), warn (staged, logged and counted) or fail (the job"
                  + " stops).");

  /** Options every expectation must set. */
  public static final Set<ConfigOption<?>> REQUIRED_OPTIONS = Set.of(SQL);

  /** Options an expectation may set. */
  public static final Set<ConfigOption<?>> OPTIONAL_OPTIONS = Set.of(ON_VIOLATION);
}
