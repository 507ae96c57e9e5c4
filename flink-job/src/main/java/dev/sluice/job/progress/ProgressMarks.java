package dev.sluice.job.progress;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads progress off a stream without touching it: for each record, the mark it implies, emitted
 * when it differs from the last one emitted for its source, table and tenant, at most once per
 * {@code everyMillis} (so marks cost little on a busy stream). A mark never runs ahead of the
 * records before it, so output is never claimed complete before it is.
 */
public final class ProgressMarks<T> extends ProcessFunction<T, ProgressMark> {

  private static final long serialVersionUID = 1L;

  /** The mark a record implies, or null; may read the current watermark from {@code ctx}. */
  @FunctionalInterface
  public interface Reader<T> extends Serializable {
    ProgressMark read(T record, long currentWatermark);
  }

  private final Reader<T> reader;
  private final long everyMillis;
  private transient Map<String, Long> lastEmitted;
  private transient Map<String, Long> lastValue;

  public ProgressMarks(Reader<T> reader, long everyMillis) {
    this.reader = reader;
    this.everyMillis = everyMillis;
  }

  @Override
  public void processElement(T record, Context ctx, Collector<ProgressMark> out) {
    ProgressMark mark = reader.read(record, ctx.timerService().currentWatermark());
    if (mark == null) {
      return;
    }
    if (lastEmitted == null) {
      lastEmitted = new HashMap<>();
      lastValue = new HashMap<>();
    }
    long now = ctx.timerService().currentProcessingTime();
    Long last = lastEmitted.get(mark.key());
    if (Long.valueOf(mark.completeUpTo).equals(lastValue.get(mark.key()))
        || (last != null && now - last < everyMillis)) {
      return;
    }
    lastEmitted.put(mark.key(), now);
    lastValue.put(mark.key(), mark.completeUpTo);
    out.collect(mark);
  }
}
