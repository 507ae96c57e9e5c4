package dev.sluice.job.progress;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Keeps, per source, table and tenant, the time up to which output is complete and emits a row of
 * {@code ops.pipeline_progress} whenever it moves forward; it never moves back. Each mark must be
 * true on its own, so the furthest one is. Its rows go through the same exactly-once sink as the
 * marts, in the same transaction, so a reader never sees progress the marts do not hold yet.
 */
public final class ProgressTracker extends KeyedProcessFunction<String, ProgressMark, Row> {

  private static final long serialVersionUID = 1L;

  /** Rows of {@code ops.pipeline_progress}, keyed by (source, table_name, tenant_id). */
  public static final RowTypeInfo ROW_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.LOCAL_DATE_TIME,
            Types.STRING,
            Types.LOCAL_DATE_TIME
          },
          new String[] {
            "source", "table_name", "tenant_id", "complete_up_to", "position", "updated_at"
          });

  private transient ValueState<Long> published;

  @Override
  public void open(OpenContext openContext) {
    published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", Types.LONG));
  }

  @Override
  public void processElement(ProgressMark mark, Context ctx, Collector<Row> out) throws Exception {
    long complete = mark.completeUpTo;
    Long last = published.value();
    if (last != null && complete <= last) {
      return;
    }
    published.update(complete);
    out.collect(
        Row.ofKind(
            last == null ? RowKind.INSERT : RowKind.UPDATE_AFTER,
            mark.source,
            mark.table,
            mark.tenant,
            utc(complete),
            mark.position,
            utc(ctx.timerService().currentProcessingTime())));
  }

  private static LocalDateTime utc(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
