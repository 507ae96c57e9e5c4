package dev.sluice.job.progress;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads progress off a stream without touching it: for each record, the mark it implies, emitted at
 * most once per {@code everyMillis} per stage and tenant (so marks cost little on a busy stream). A
 * mark never runs ahead of the records before it, so output is never claimed complete before it is.
 */
public final class ProgressMarks<T> extends ProcessFunction<T, ProgressMark> {

  private static final long serialVersionUID = 1L;

  /** The mark a record implies, or null; may read the current watermark from {@code ctx}. */
  @FunctionalInterface
  public interface Reader<T> extends Serializable {
    ProgressMark read(T record, long currentWatermark);
  }

  private final Reader<T> reader;
  private final boolean leastOfSubtasks;
  private final long everyMillis;
  private transient Map<String, Long> lastEmitted;

  /**
   * @param leastOfSubtasks true for watermark marks: the stage is complete up to the least mark of
   *     all subtasks
   */
  public ProgressMarks(Reader<T> reader, boolean leastOfSubtasks, long everyMillis) {
    this.reader = reader;
    this.leastOfSubtasks = leastOfSubtasks;
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
    }
    long now = ctx.timerService().currentProcessingTime();
    Long last = lastEmitted.get(mark.key());
    if (last != null && now - last < everyMillis) {
      return;
    }
    lastEmitted.put(mark.key(), now);
    mark.subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    mark.leastOfSubtasks = leastOfSubtasks;
    out.collect(mark);
  }
}
