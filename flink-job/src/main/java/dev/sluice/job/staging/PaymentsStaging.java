package dev.sluice.job.staging;

import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Stages the settlement CSV lines of the deliveries the batch ledger let through, and retracts the
 * rows of a batch's earlier version when a corrected one replaces it.
 *
 * <p>Line 1 must be exactly {@link PaymentLineParser#HEADER}; each data line must agree with its
 * partition: its tenant with {@code tenant=}, its settlement date (UTC) with {@code dt=}.
 */
public final class PaymentsStaging extends StagingFunction<BatchLine> {

  private static final long serialVersionUID = 1L;

  private final PaymentLineParser parser;

  public PaymentsStaging(String pipeline, ShopRules rules) {
    super(pipeline, "payments");
    this.parser = new PaymentLineParser(rules);
  }

  @Override
  protected boolean isRecord(BatchLine line) {
    return !line.retract && !parser.isHeader(line.line);
  }

  /**
   * A retracted line was staged (or dead-lettered) when its version was loaded: its good row is
   * deleted now, a bad one has nothing to undo.
   */
  @Override
  protected void notARecord(BatchLine line, Collector<Row> out) {
    if (!line.retract || parser.isHeader(line.line)) {
      return;
    }
    try {
      Row row = parser.parse(line.line, line.batchId);
      row.setKind(RowKind.DELETE);
      out.collect(row);
    } catch (Rejected wasDeadLettered) {
      // nothing was staged for it
    }
  }

  @Override
  protected void stage(BatchLine line, Context ctx, Collector<Row> out) throws Rejected {
    out.collect(parser.parse(line.line, line.batchId));
  }

  @Override
  protected String payload(BatchLine line) {
    return line.line.text;
  }

  @Override
  protected String position(BatchLine line) {
    return line.line.path + ":" + line.line.lineNumber;
  }
}
