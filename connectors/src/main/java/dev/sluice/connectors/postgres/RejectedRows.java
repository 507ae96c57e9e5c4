package dev.sluice.connectors.postgres;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.text.WritableText;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of rows a sink's target rejected with a data error, as rows of the sink's
 * dead-letter table; built as every letter is ({@link DeadLetter#of}), so each is writable.
 */
final class RejectedRows {

  private static final Logger LOG = LoggerFactory.getLogger(RejectedRows.class);

  private final PostgresTable deadLetters;

  private final String pipeline;
  private final String jobId;
  private final Counter rejected;

  /** One letter: the rejected row's table, key and SQLSTATE, and the letter's column values. */
  record Letter(String table, String key, String sqlState, List<Object> values) {}

  RejectedRows(PostgresTable deadLetters, String pipeline, String jobId, Counter rejected) {
    this.deadLetters = deadLetters;
    this.pipeline = pipeline;
    this.jobId = jobId;
    this.rejected = rejected;
  }

  /**
   * Fails naming the problem unless {@code name} is a table of the sink with the letter columns.
   */
  static void check(String name, List<PostgresTable> tables) {
    PostgresTable table =
        tables.stream()
            .filter(t -> t.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "rejectsTo("
                            + name
                            + "): the dead-letter table must be one of the sink's tables "
                            + tables.stream().map(PostgresTable::name).toList()));
    if (!table.columns().containsAll(DeadLetterSinks.COLUMNS)
        || !DeadLetterSinks.COLUMNS.containsAll(table.keyColumns())) {
      throw new IllegalArgumentException(
          "rejectsTo("
              + name
              + "): the table has columns "
              + table.columns()
              + " and key "
              + table.keyColumns()
              + "; a dead-letter table has the columns "
              + DeadLetterSinks.COLUMNS
              + " and the key (source, position, reason), as DeadLetterSinks.TABLE_DDL");
    }
  }

  PostgresTable table() {
    return deadLetters;
  }

  /**
   * The letter of a row of {@code table} that it rejected with {@code error}.
   *
   * @param values the row's values as text (null for NULL), in the table's column order
   * @param sent the row as the sink sent it, one CSV line
   */
  Letter letter(PostgresTable table, List<String> values, String sent, SQLException error) {
    String key = rowLiteral(table, values, table.keyColumns());
    List<String> positionColumns = table.positionColumns();
    if (positionColumns.isEmpty() && table.name().equals(deadLetters.name())) {
      positionColumns = List.of("source", "position"); // a rejected letter: where its record was
    }
    String position =
        positionColumns.isEmpty()
            ? table.name() + " key=" + key
            : positionColumns.stream()
                .map(c -> Objects.toString(value(table, values, c), ""))
                .collect(Collectors.joining("@"));
    DeadLetter letter =
        DeadLetter.of(
            WritableText.escape(pipeline),
            "serve",
            table.name(),
            DeadLetterReason.SINK_REJECTED,
            table.name() + " rejected the row: " + DataErrors.describe(error),
            sent,
            position);
    letter.jobId = jobId;
    List<Object> byColumn = letter.columnValues();
    return new Letter(
        table.name(),
        WritableText.escapeAndBound(key, DeadLetter.MAX_KEY_CHARS),
        DataErrors.sqlState(error),
        deadLetters.columns().stream()
            .map(
                c ->
                    DeadLetterSinks.COLUMNS.contains(c)
                        ? byColumn.get(DeadLetterSinks.COLUMNS.indexOf(c))
                        : null)
            .toList());
  }

  /** The letter as a CSV line of the dead-letter table's columns. */
  static String csv(Letter letter) {
    return PgCsv.line(letter.values());
  }

  /** Counts and logs a letter, once it is staged or committed. */
  void report(Letter letter) {
    rejected.inc();
    LOG.warn(
        "{} rejected the row with key {}: SQLSTATE {}; it is a SINK_REJECTED dead letter in {}",
        letter.table(),
        letter.key(),
        letter.sqlState(),
        deadLetters.name());
  }

  private static String value(PostgresTable table, List<String> values, String column) {
    int i = table.columns().indexOf(column);
    return i < values.size() ? values.get(i) : null;
  }

  /** Like Postgres prints a row: {@code (t1,42)}, a value quoted if it needs to be. */
  private static String rowLiteral(PostgresTable table, List<String> values, List<String> columns) {
    StringBuilder out = new StringBuilder("(");
    for (String column : columns) {
      if (out.length() > 1) {
        out.append(',');
      }
      String v = value(table, values, column);
      if (v != null && (v.isEmpty() || v.matches("(?s).*[\\s,()\"\\\\].*"))) {
        out.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else if (v != null) {
        out.append(v);
      }
    }
    return out.append(')').toString();
  }
}
