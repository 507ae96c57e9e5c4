package dev.sluice.job.staging;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks emitted as soon as an event advances them, not only on the
 * periodic timer: whether a record is LATE then depends on the input order alone, not on timing.
 */
public final class EveryEventWatermarks<T> implements WatermarkGenerator<T> {

  private final long maxOutOfOrdernessMillis;
  private long maxTimestamp = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  public EveryEventWatermarks(long maxOutOfOrdernessMillis) {
    this.maxOutOfOrdernessMillis = maxOutOfOrdernessMillis;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    emit(output);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    emit(output);
  }

  private void emit(WatermarkOutput output) {
    if (maxTimestamp == Long.MIN_VALUE) {
      return;
    }
    long watermark = maxTimestamp - maxOutOfOrdernessMillis - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
