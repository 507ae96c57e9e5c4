package dev.sluice.job.staging;

import dev.sluice.job.config.SchemaDriftPolicy;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Stages the settlement CSV lines of the deliveries the batch ledger let through, and retracts the
 * rows of a batch's earlier version when a corrected one replaces it.
 *
 * <p>Line 1 is the header: it must name every column of {@link PaymentLineParser#HEADER}, in any
 * order; columns it adds are handled by the schema-drift policy. Each data line must agree with its
 * partition: its tenant with {@code tenant=}, its settlement date (UTC) with {@code dt=}.
 */
public final class PaymentsStaging extends StagingFunction<BatchLine> {

  private static final long serialVersionUID = 1L;

  private final PaymentLineParser parser;

  public PaymentsStaging(String pipeline, ShopRules rules, SchemaDriftPolicy drift) {
    super(pipeline, "payments", StagedTables.PAYMENTS_TYPE, List.of("tenant_id", "payment_id"));
    this.parser = new PaymentLineParser(rules, drift);
  }

  @Override
  protected boolean isRecord(BatchLine line) {
    return !line.retract && !parser.isHeader(line.line, line.header);
  }

  /**
   * A retracted line was staged (or dead-lettered) when its version was loaded: its good row is
   * deleted now, a bad one has nothing to undo.
   */
  @Override
  protected void notARecord(BatchLine line, Collector<Row> out) {
    if (!line.retract) {
      parser.checkHeader(line.line, line.header);
      return;
    }
    if (parser.isHeader(line.line, line.header)) {
      return;
    }
    try {
      Row row = parser.parse(line.line, line.batchId, line.header);
      row.setKind(RowKind.DELETE);
      out.collect(row);
    } catch (Rejected wasDeadLettered) {
      // nothing was staged for it
    }
  }

  @Override
  protected void stage(BatchLine line, Context ctx, Collector<Row> out) throws Rejected {
    out.collect(writable(parser.parse(line.line, line.batchId, line.header)));
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
