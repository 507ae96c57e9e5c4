package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The books of one stage: {@code records_in = records_out + dead_letters}, as counters in the
 * metric group {@code sluice_stage=<stage>}, and the dead letters it writes; records a source
 * delivered again after a restore, and the stage dropped, count as {@code records_redelivered}.
 */
public final class StageAccounting implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Name of the metric group key under which stages report their counters. */
  public static final String METRIC_GROUP = "sluice_stage";

  private final String pipeline;
  private final String stage;
  private transient Counter recordsIn;
  private transient Counter recordsOut;
  private transient Counter deadLetters;
  private transient Counter redelivered;
  private transient MetricGroup group;
  private transient String jobId;

  public StageAccounting(String pipeline, String stage) {
    this.pipeline = pipeline;
    this.stage = stage;
  }

  public void open(RuntimeContext context) {
    group = context.getMetricGroup().addGroup(METRIC_GROUP, stage);
    recordsIn = group.counter("records_in");
    recordsOut = group.counter("records_out");
    deadLetters = group.counter("dead_letters");
    redelivered = group.counter("records_redelivered");
    jobId = context.getJobInfo().getJobId().toString();
  }

  /** A further counter of this stage, in its metric group. */
  public Counter counter(String name) {
    return group.counter(name);
  }

  public void in() {
    recordsIn.inc();
  }

  public void out() {
    recordsOut.inc();
  }

  public void redelivered() {
    redelivered.inc();
  }

  /** Counts and builds the dead letter of a record this stage rejects. */
  public DeadLetter dead(DeadLetterReason reason, String detail, String payload, String position) {
    deadLetters.inc();
    DeadLetter d = DeadLetter.of(pipeline, "staging", stage, reason, detail, payload, position);
    d.jobId = jobId;
    return d;
  }
}
