package dev.sluice.job.compose;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.job.definition.ExpectationDef;
import dev.sluice.job.staging.StageAccounting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Turns a table's broken expectations (its violations query: the expectation's name, then the row)
 * into what each one's {@code on-violation} asks: a dead letter, a count, or a stopped job. Its
 * books go under {@code <table>-expectations}: in = violations, out = rows kept (warn), dead
 * letters.
 */
final class ExpectationLetters extends ProcessFunction<Row, DeadLetter> {

  private static final long serialVersionUID = 1L;

  private final String table;
  private final Map<String, ExpectationDef> expectations = new HashMap<>();
  private final int[] key;
  private final List<String> columns;
  private final StageAccounting books;
  private transient Counter warnings;

  /**
   * @param key the positions of the key columns in a violation row
   * @param columns the row's column names, after the expectation's
   */
  ExpectationLetters(
      String pipeline,
      String table,
      List<ExpectationDef> expectations,
      int[] key,
      List<String> columns) {
    this.table = table;
    expectations.forEach(e -> this.expectations.put(e.name(), e));
    this.key = key;
    this.columns = columns;
    this.books = new StageAccounting(pipeline, table + "-expectations");
  }

  @Override
  public void open(OpenContext openContext) {
    books.open(getRuntimeContext());
    warnings = books.counter("expectation_warnings");
  }

  @Override
  public void processElement(Row violation, Context ctx, Collector<DeadLetter> out) {
    books.in();
    ExpectationDef expectation = expectations.get((String) violation.getField(0));
    String position = position(violation, expectation);
    switch (expectation.onViolation()) {
      case WARN:
        warnings.inc();
        books.out();
        return;
      case FAIL:
        throw new SuppressRestartsException(
            new IllegalStateException(
                expectation.scope()
                    + " ("
                    + expectation.sql()
                    + ") failed with on-violation: fail, at "
                    + position
                    + "; the job stops. Fix the data or the expectation, then restart"));
      default:
        out.collect(
            books.dead(
                DeadLetterReason.EXPECTATION_FAILED,
                "expectation " + expectation.name() + " failed: " + expectation.sql(),
                payload(violation),
                position));
    }
  }

  /** The row's key (or all its values, without a key) and the expectation it broke. */
  private String position(Row violation, ExpectationDef expectation) {
    StringBuilder at = new StringBuilder("table=").append(table).append(" key=");
    if (key.length == 0) {
      at.append(payload(violation));
    }
    for (int i = 0; i < key.length; i++) {
      at.append(i == 0 ? "" : "/").append(violation.getField(key[i]));
    }
    return at.append(" expectation=").append(expectation.name()).toString();
  }

  private String payload(Row violation) {
    StringBuilder payload = new StringBuilder("{");
    for (int i = 1; i < violation.getArity(); i++) {
      payload
          .append(i == 1 ? "" : ", ")
          .append(columns.get(i - 1))
          .append('=')
          .append(violation.getField(i));
    }
    return payload.append('}').toString();
  }
}
