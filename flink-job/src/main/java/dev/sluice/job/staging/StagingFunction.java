package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.Rejected;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates one source's raw records into staged rows (or events); a record it rejects,
 * or that makes the parser throw, goes to the {@link #DEAD_LETTERS} side output and the job keeps
 * running — unless the parser throws {@link SuppressRestartsException}, which fails the job for
 * good.
 *
 * <p>Keeps the books of {@link StageAccounting} under the source's name.
 */
public abstract class StagingFunction<IN, OUT> extends ProcessFunction<IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** Side output of every staging function. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final StageAccounting books;
  private final Contract contract;

  /** A stage that passes staged rows on unchanged (their writability was checked before it). */
  protected StagingFunction(String pipeline, String stage) {
    this.books = new StageAccounting(pipeline, stage);
    this.contract = null;
  }

  /** A stage that makes rows of {@code contract}. */
  protected StagingFunction(String pipeline, String stage, Contract contract) {
    this.books = new StageAccounting(pipeline, stage);
    this.contract = contract;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    books.open(getRuntimeContext());
  }

  @Override
  public final void processElement(IN record, Context ctx, Collector<OUT> out) throws IOException {
    if (!isRecord(record)) {
      notARecord(record, out);
      return;
    }
    if (isRedelivered(record)) {
      books.redelivered();
      return;
    }
    books.in();
    DeadLetterReason reason;
    String detail;
    try {
      stage(record, ctx, out);
      books.out();
      return;
    } catch (Rejected r) {
      reason = r.reason();
      detail = r.getMessage();
    } catch (SuppressRestartsException stopTheJob) {
      throw stopTheJob;
    } catch (RuntimeException e) {
      reason = DeadLetterReason.MALFORMED;
      detail = "parser failed: " + e;
    }
    ctx.output(DEAD_LETTERS, books.dead(reason, detail, payload(record), position(record)));
  }

  /**
   * {@code row} if every sink can store each of its values, else the rejection naming the field
   * (see {@link Contract#writable}): call it on each row a stage makes, before emitting it.
   */
  protected final Row writable(Row row) throws Rejected {
    return contract == null ? row : contract.writable(row);
  }

  /** The books this stage keeps (call after {@link #open}). */
  protected final StageAccounting books() {
    return books;
  }

  /** The contract of the rows this stage makes, or null for a pass-through stage. */
  protected final Contract contract() {
    return contract;
  }

  /** False for input that is not a record at all (a CSV header); it is neither out nor dead. */
  protected boolean isRecord(IN record) {
    return true;
  }

  /**
   * True for a record this stage already handled that its source delivers again after a restore; it
   * is dropped and counted as redelivered, neither in nor out. By default, never.
   */
  protected boolean isRedelivered(IN record) throws IOException {
    return false;
  }

  /** Handles input that is not a record; by default, nothing. */
  protected void notARecord(IN record, Collector<OUT> out) {}

  /** Parses, validates and emits staged rows, or throws {@link Rejected}. */
  protected abstract void stage(IN record, Context ctx, Collector<OUT> out)
      throws Rejected, IOException;

  /** The raw payload, as text, for the dead letter. */
  protected abstract String payload(IN record);

  /** The record's source position, for the dead letter. */
  protected abstract String position(IN record);
}
