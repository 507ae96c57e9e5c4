package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates one source's raw records into staged rows; a record it rejects, or that
 * makes the parser throw, goes to the {@link #DEAD_LETTERS} side output and the job keeps running.
 *
 * <p>Counts {@code records_in = records_out + dead_letters} in the metric group {@code
 * sluice_stage=<source>}.
 */
public abstract class StagingFunction<IN> extends ProcessFunction<IN, Row> {

  private static final long serialVersionUID = 1L;

  /** Side output of every staging function. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  /** Name of the metric group key under which stages report their counters. */
  public static final String METRIC_GROUP = "sluice_stage";

  protected final String pipeline;
  protected final String source;

  private transient Counter recordsIn;
  private transient Counter recordsOut;
  private transient Counter deadLetters;
  private transient String jobId;

  protected StagingFunction(String pipeline, String source) {
    this.pipeline = pipeline;
    this.source = source;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP, source);
    recordsIn = group.counter("records_in");
    recordsOut = group.counter("records_out");
    deadLetters = group.counter("dead_letters");
    jobId = getRuntimeContext().getJobInfo().getJobId().toString();
  }

  @Override
  public final void processElement(IN record, Context ctx, Collector<Row> out) {
    if (!isRecord(record)) {
      return;
    }
    recordsIn.inc();
    DeadLetterReason reason;
    String detail;
    try {
      stage(record, ctx, out);
      recordsOut.inc();
      return;
    } catch (Rejected r) {
      reason = r.reason();
      detail = r.getMessage();
    } catch (RuntimeException e) {
      reason = DeadLetterReason.MALFORMED;
      detail = "parser failed: " + e;
    }
    DeadLetter d =
        DeadLetter.of(
            pipeline, "staging", source, reason, detail, payload(record), position(record));
    d.jobId = jobId;
    deadLetters.inc();
    ctx.output(DEAD_LETTERS, d);
  }

  /** False for input that is not a record at all (a CSV header); it is neither out nor dead. */
  protected boolean isRecord(IN record) {
    return true;
  }

  /** Parses, validates and emits staged rows, or throws {@link Rejected}. */
  protected abstract void stage(IN record, Context ctx, Collector<Row> out) throws Rejected;

  /** The raw payload, as text, for the dead letter. */
  protected abstract String payload(IN record);

  /** The record's source position, for the dead letter. */
  protected abstract String position(IN record);
}
