package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.OVERSIZED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.PARTITION_MISMATCH;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import dev.sluice.connectors.file.FileLine;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Stages payment settlement CSV lines from {@code payments/dt=YYYY-MM-DD/tenant=<id>/*.csv}.
 *
 * <p>Line 1 must be exactly {@link #HEADER}; each data line must agree with its partition: its
 * tenant with {@code tenant=}, its settlement date (UTC) with {@code dt=}.
 */
public final class PaymentsStaging extends StagingFunction<FileLine> {

  private static final long serialVersionUID = 1L;

  /** The expected header of a settlement file. */
  public static final String HEADER = "payment_id,order_id,tenant_id,amount,currency,settled_at";

  private static final int COLUMNS = 6;
  private static final Pattern PARTITION = Pattern.compile("/dt=([^/]+)/tenant=([^/]+)/[^/]+$");

  private final ShopRules rules;

  public PaymentsStaging(String pipeline, ShopRules rules) {
    super(pipeline, "payments");
    this.rules = rules;
  }

  @Override
  protected boolean isRecord(FileLine line) {
    return !(line.lineNumber == 1 && HEADER.equals(line.text.strip()) && !line.malformedUtf8);
  }

  @Override
  protected void stage(FileLine line, Context ctx, Collector<Row> out) throws Rejected {
    if (line.malformedUtf8) {
      throw new Rejected(ENCODING, "line is not valid UTF-8");
    }
    if (line.truncated) {
      throw new Rejected(OVERSIZED, "line exceeds the maximum line length and was cut");
    }
    if (line.lineNumber == 1) {
      throw new Rejected(
          SCHEMA_MISMATCH, "header is '" + line.text.strip() + "', expected '" + HEADER + "'");
    }
    Matcher partition = PARTITION.matcher(line.path);
    if (!partition.find()) {
      throw new Rejected(
          PARTITION_MISMATCH, "file is not under payments/dt=YYYY-MM-DD/tenant=<id>/");
    }
    LocalDate dt;
    try {
      dt = LocalDate.parse(partition.group(1));
    } catch (DateTimeParseException e) {
      throw new Rejected(
          PARTITION_MISMATCH, "partition dt='" + partition.group(1) + "' is no date");
    }
    String pathTenant = partition.group(2);
    String text = line.text.strip();
    if (text.isEmpty()) {
      throw new Rejected(MALFORMED, "empty line");
    }
    if (text.indexOf('"') >= 0) {
      throw new Rejected(MALFORMED, "quoted fields are not part of the settlement format");
    }
    String[] cols = text.split(",", -1);
    if (cols.length != COLUMNS) {
      throw new Rejected(
          SCHEMA_MISMATCH, "expected " + COLUMNS + " columns (" + HEADER + "), got " + cols.length);
    }
    String tenant = rules.tenant(cols[2]);
    if (!tenant.equals(pathTenant)) {
      throw new Rejected(
          PARTITION_MISMATCH, "tenant_id '" + tenant + "' is in partition tenant=" + pathTenant);
    }
    LocalDateTime settledAt = Fields.utc(Fields.instant("settled_at", cols[5]));
    if (!settledAt.toLocalDate().equals(dt)) {
      throw new Rejected(
          PARTITION_MISMATCH, "settled_at " + settledAt + " (UTC) is not in partition dt=" + dt);
    }
    Row row = new Row(StagedTables.PAYMENTS_TYPE.getArity());
    row.setField(0, tenant);
    row.setField(1, Fields.text("payment_id", cols[0]));
    row.setField(2, Fields.positiveLong("order_id", cols[1]));
    row.setField(3, Fields.amount("amount", cols[3]));
    row.setField(4, rules.currency(cols[4]));
    row.setField(5, settledAt);
    row.setField(6, dt);
    row.setField(7, line.path);
    row.setField(8, line.lineNumber);
    out.collect(row);
  }

  @Override
  protected String payload(FileLine line) {
    return line.text;
  }

  @Override
  protected String position(FileLine line) {
    return line.path + ":" + line.lineNumber;
  }
}
