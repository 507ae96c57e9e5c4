package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.DUPLICATE;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Drops a staged row whose key was already seen within the retention, as a dead letter with reason
 * DUPLICATE. Run keyed by {@link #key}; the seen-marks live in keyed state with a TTL, so state
 * does not grow with time.
 */
public final class Deduplicator extends KeyedProcessFunction<String, Row, Row> {

  private static final long serialVersionUID = 1L;

  private final StageAccounting books;
  private final Duration retention;
  private final int positionField;
  private transient ValueState<Boolean> seen;

  /**
   * @param stage the name its books and dead letters go under
   * @param positionField the staged row's field holding its source position
   */
  public Deduplicator(String pipeline, String stage, Duration retention, int positionField) {
    this.books = new StageAccounting(pipeline, stage);
    this.retention = retention;
    this.positionField = positionField;
  }

  /** The key to run it by: the values of {@code fields}, joined by "/". */
  public static KeySelector<Row, String> key(int[] fields) {
    return row -> {
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < fields.length; i++) {
        key.append(i == 0 ? "" : "/").append(row.getField(fields[i]));
      }
      return key.toString();
    };
  }

  @Override
  public void open(OpenContext context) {
    books.open(getRuntimeContext());
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    descriptor.enableTimeToLive(StateRetention.of(retention));
    seen = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    books.in();
    if (seen.value() != null) {
      ctx.output(
          StagingFunction.DEAD_LETTERS,
          books.dead(
              DUPLICATE,
              "key " + ctx.getCurrentKey() + " was already seen within " + retention,
              row.toString(),
              positionField < 0
                  ? ctx.getCurrentKey()
                  : String.valueOf(row.getField(positionField))));
      return;
    }
    seen.update(true);
    books.out();
    out.collect(row);
  }
}
