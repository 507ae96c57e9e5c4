package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.LATE;

import dev.sluice.job.contract.Rejected;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Dead-letters staged rows that are late, which a window would otherwise drop silently or — worse —
 * count: a row is LATE when it is behind the watermark, or behind its own Kafka partition's latest
 * staged event time by more than the allowed out-of-orderness. The second rule depends on the
 * partition's order alone (its latest time is keyed state, kept in checkpoints): the watermark
 * alone is the least over every partition a reader holds, and stays back while one of them has sent
 * nothing (up to the idleness timeout after every start and restore), which let late rows through
 * as on time. Run keyed by {@link #partition}; downstream windows see the watermark only after this
 * filter, so what passes it is on time for every one of them.
 */
public final class LatenessFilter extends StagingFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final long maxOutOfOrdernessMillis;
  private final int positionField;
  private transient ValueState<Long> latest;

  /**
   * @param stage the name its books and dead letters go under
   * @param positionField the staged row's field holding its topic/partition/offset
   */
  public LatenessFilter(
      String pipeline, String stage, Duration maxOutOfOrderness, int positionField) {
    super(pipeline, stage);
    this.maxOutOfOrdernessMillis = maxOutOfOrderness.toMillis();
    this.positionField = positionField;
  }

  /** The key to run the filter by: the row's topic and partition, read from {@code field}. */
  public static KeySelector<Row, String> partition(int field) {
    return row -> {
      String position = String.valueOf(row.getField(field));
      int offset = position.lastIndexOf('/');
      return offset < 0 ? position : position.substring(0, offset);
    };
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    latest =
        getRuntimeContext().getState(new ValueStateDescriptor<>("latest-event-time", Types.LONG));
  }

  @Override
  protected void stage(Row row, Context ctx, Collector<Row> out) throws Rejected, IOException {
    Long timestamp = ctx.timestamp();
    if (timestamp == null) {
      out.collect(row);
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (timestamp <= watermark) {
      throw new Rejected(
          LATE,
          "event time "
              + Instant.ofEpochMilli(timestamp)
              + " is behind the watermark "
              + Instant.ofEpochMilli(watermark));
    }
    Long before = latest.value();
    if (before != null && timestamp < before - maxOutOfOrdernessMillis) {
      throw new Rejected(
          LATE,
          "event time "
              + Instant.ofEpochMilli(timestamp)
              + " is more than "
              + Duration.ofMillis(maxOutOfOrdernessMillis).toSeconds()
              + " s behind "
              + Instant.ofEpochMilli(before)
              + ", the latest of its partition");
    }
    if (before == null || timestamp > before) {
      latest.update(timestamp);
    }
    out.collect(row);
  }

  @Override
  protected String payload(Row row) {
    return row.toString();
  }

  @Override
  protected String position(Row row) {
    return String.valueOf(row.getField(positionField));
  }
}
