package dev.sluice.job.contract;

import java.io.Serializable;
import java.util.List;

/**
 * One declared column, as the pipeline file gives it.
 *
 * @param name the staged column's name
 * @param type its Flink SQL type, e.g. {@code DECIMAL(12, 2)}
 * @param from the record field it reads; null reads the field named {@code name}
 * @param required a missing or blank value rejects the record (MISSING_FIELD)
 * @param trim strip surrounding white space (strings; must stay true for other types)
 * @param accepted the only values a string may take; empty accepts any
 * @param min the least value (inclusive), or null
 * @param max the greatest value (inclusive), or null
 * @param pattern a regular expression a string must match whole, or null
 * @param maxLength the most characters a string may have, or null
 * @param metadata the metadata key the column takes its value from instead of the record, or null
 * @param withinPartition the DATE column whose day this date or timestamp must fall on, or null
 * @param where where the column is declared, e.g. {@code file line N: sources.x.columns.amount};
 *     error messages start with it
 */
public record ColumnSpec(
    String name,
    String type,
    String from,
    boolean required,
    boolean trim,
    List<String> accepted,
    String min,
    String max,
    String pattern,
    Integer maxLength,
    String metadata,
    String withinPartition,
    String where)
    implements Serializable {

  public ColumnSpec {
    accepted = accepted == null ? List.of() : List.copyOf(accepted);
  }

  /** The record field the column reads: {@code from}, else its name. */
  public String field() {
    return from == null ? name : from;
  }
}
