package dev.sluice.job.progress;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Keeps, per stage and tenant, the time up to which output is complete and emits a row of {@code
 * ops.pipeline_progress} whenever it moves. Its rows go through the same exactly-once sink as the
 * marts, in the same transaction, so a reader never sees progress the marts do not hold yet.
 */
public final class ProgressTracker extends KeyedProcessFunction<String, ProgressMark, Row> {

  private static final long serialVersionUID = 1L;

  private transient MapState<Integer, Long> bySubtask;
  private transient ValueState<Long> published;

  @Override
  public void open(OpenContext openContext) {
    bySubtask =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("by-subtask", Types.INT, Types.LONG));
    published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", Types.LONG));
  }

  @Override
  public void processElement(ProgressMark mark, Context ctx, Collector<Row> out) throws Exception {
    Long before = bySubtask.get(mark.subtask);
    if (before == null || mark.completeUpTo > before) {
      bySubtask.put(mark.subtask, mark.completeUpTo);
    }
    long complete = mark.leastOfSubtasks ? Long.MAX_VALUE : Long.MIN_VALUE;
    for (long value : bySubtask.values()) {
      complete = mark.leastOfSubtasks ? Math.min(complete, value) : Math.max(complete, value);
    }
    Long last = published.value();
    if (last != null && complete <= last) {
      return;
    }
    published.update(complete);
    out.collect(
        Row.ofKind(
            last == null ? RowKind.INSERT : RowKind.UPDATE_AFTER,
            mark.stage,
            mark.tenant,
            utc(complete),
            mark.position,
            utc(ctx.timerService().currentProcessingTime())));
  }

  private static LocalDateTime utc(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
