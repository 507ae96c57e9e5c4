package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.DUPLICATE;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Drops a click whose natural key ({@code tenant_id}, {@code event_id}) was already seen within the
 * retention, as a dead letter with reason DUPLICATE. The seen-marks live in keyed state with a TTL,
 * so state does not grow with time.
 */
public final class ClickDeduplicator extends KeyedProcessFunction<String, Row, Row> {

  private static final long serialVersionUID = 1L;

  private final StageAccounting books;
  private final Duration retention;
  private transient ValueState<Boolean> seen;

  public ClickDeduplicator(String pipeline, Duration retention) {
    this.books = new StageAccounting(pipeline, "clicks-dedupe");
    this.retention = retention;
  }

  /** The natural key of a staged click. */
  public static String naturalKey(Row click) {
    return click.getField(0) + "/" + click.getField(1);
  }

  @Override
  public void open(OpenContext context) {
    books.open(getRuntimeContext());
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    descriptor.enableTimeToLive(StateRetention.of(retention));
    seen = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(Row click, Context ctx, Collector<Row> out) throws Exception {
    books.in();
    if (seen.value() != null) {
      ctx.output(
          StagingFunction.DEAD_LETTERS,
          books.dead(
              DUPLICATE,
              "event " + ctx.getCurrentKey() + " was already seen within " + retention,
              click.toString(),
              String.valueOf(click.getField(StagedTables.CLICK_POSITION))));
      return;
    }
    seen.update(true);
    books.out();
    out.collect(click);
  }
}
