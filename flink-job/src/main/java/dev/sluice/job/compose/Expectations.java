package dev.sluice.job.compose;

import static java.util.stream.Collectors.joining;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.definition.ExpectationDef;
import dev.sluice.job.definition.OnViolation;
import dev.sluice.job.definition.PipelineFileException;
import dev.sluice.job.factory.StagingContext.StagedTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.RowKind;

/**
 * Registers a staged table as its view, checked against its expectations in SQL: a row passes an
 * expectation unless its expression is FALSE (as a SQL CHECK). Rows breaking a {@code dead-letter}
 * expectation are left out of the view — on a changelog, a version that breaks one retracts the
 * version before it — and each is an EXPECTATION_FAILED dead letter; {@code warn} keeps the row and
 * counts it; {@code fail} stops the job naming the expectation and the row.
 */
final class Expectations {

  /** The column naming the broken expectation in the violations query. */
  private static final String BROKEN = "sluice_expectation";

  private Expectations() {}

  /** Registers {@code table}; returns the stream of its violations' dead letters, or null. */
  static DataStream<DeadLetter> register(
      StreamTableEnvironment tableEnv, StagedTable table, String pipeline) {
    Table staged =
        table.mode().equals(ChangelogMode.insertOnly())
            ? tableEnv.fromDataStream(table.rows(), table.schema())
            : tableEnv.fromChangelogStream(table.rows(), table.schema(), table.mode());
    if (table.expectations().isEmpty()) {
      tableEnv.createTemporaryView(table.view(), staged);
      return null;
    }
    String unchecked = table.view() + "__unchecked";
    tableEnv.createTemporaryView(unchecked, staged);
    for (ExpectationDef expectation : table.expectations()) {
      validate(tableEnv, unchecked, expectation);
    }
    String kept =
        table.expectations().stream()
            .filter(e -> e.onViolation() == OnViolation.DEAD_LETTER)
            .map(e -> "(" + e.sql() + ") IS NOT FALSE")
            .collect(joining(" AND "));
    tableEnv.createTemporaryView(
        table.view(),
        tableEnv.sqlQuery(
            "SELECT * FROM `" + unchecked + "`" + (kept.isEmpty() ? "" : " WHERE " + kept)));
    String violations =
        table.expectations().stream()
            .map(
                e ->
                    "SELECT '"
                        + e.name()
                        + "' AS "
                        + BROKEN
                        + ", * FROM `"
                        + unchecked
                        + "` WHERE ("
                        + e.sql()
                        + ") IS FALSE")
            .collect(joining(" UNION ALL "));
    Table broken = tableEnv.sqlQuery(violations);
    List<String> columns = broken.getResolvedSchema().getColumnNames();
    int[] key = table.key().stream().mapToInt(columns::indexOf).toArray();
    List<String> names = new ArrayList<>(columns.subList(1, columns.size()));
    return tableEnv
        .toChangelogStream(broken)
        .filter(row -> row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER)
        .name("violations: " + table.table())
        .process(new ExpectationLetters(pipeline, table.table(), table.expectations(), key, names))
        .returns(TypeInformation.of(DeadLetter.class))
        .uid(pipeline + "-expectations-" + table.table())
        .name("expectations: " + table.table());
  }

  /** Plans the expectation on its own, so a bad one fails naming its file, line and key. */
  private static void validate(
      StreamTableEnvironment tableEnv, String unchecked, ExpectationDef expectation) {
    try {
      Table check =
          tableEnv.sqlQuery("SELECT (" + expectation.sql() + ") FROM `" + unchecked + "`");
      String type = check.getResolvedSchema().getColumnDataTypes().get(0).toString();
      if (!type.startsWith("BOOLEAN")) {
        throw new PipelineFileException(
            expectation.location(),
            expectation.scope() + ".sql",
            "'" + expectation.sql() + "' is " + type + ", not a condition",
            "Write a boolean SQL expression over the table's columns, e.g. amount >= 0");
      }
    } catch (PipelineFileException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PipelineFileException(
          expectation.location(),
          expectation.scope() + ".sql",
          "'" + expectation.sql() + "' is not valid SQL over the table's columns: " + firstLine(e),
          "Write a boolean SQL expression over the declared columns, e.g. amount >= 0");
    }
  }

  private static String firstLine(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
