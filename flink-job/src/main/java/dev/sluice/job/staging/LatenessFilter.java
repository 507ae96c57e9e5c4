package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.LATE;

import java.time.Instant;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Dead-letters staged clicks that are already behind the watermark, which a window would otherwise
 * drop silently. It runs where the watermark is assigned, so what passes it is on time for every
 * window downstream.
 */
public final class LatenessFilter extends StagingFunction<Row> {

  private static final long serialVersionUID = 1L;

  public LatenessFilter(String pipeline, String source) {
    super(pipeline, source);
  }

  @Override
  protected void stage(Row click, Context ctx, Collector<Row> out) throws Rejected {
    long watermark = ctx.timerService().currentWatermark();
    Long timestamp = ctx.timestamp();
    if (timestamp != null && timestamp <= watermark) {
      throw new Rejected(
          LATE,
          "event time "
              + Instant.ofEpochMilli(timestamp)
              + " is behind the watermark "
              + Instant.ofEpochMilli(watermark));
    }
    out.collect(click);
  }

  @Override
  protected String payload(Row click) {
    return click.toString();
  }

  @Override
  protected String position(Row click) {
    return String.valueOf(click.getField(StagedTables.CLICK_POSITION));
  }
}
