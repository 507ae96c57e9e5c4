package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.OVERSIZED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.PARTITION_MISMATCH;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import dev.sluice.connectors.file.FileLine;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;

/** Parses one line of a settlement file into a staged payment row, or rejects it. */
final class PaymentLineParser implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The expected header of a settlement file. */
  static final String HEADER = "payment_id,order_id,tenant_id,amount,currency,settled_at";

  private static final int COLUMNS = 6;
  private static final Pattern PARTITION = Pattern.compile("/dt=([^/]+)/tenant=([^/]+)/[^/]+$");

  private final ShopRules rules;

  PaymentLineParser(ShopRules rules) {
    this.rules = rules;
  }

  /** True for a well-formed header line: not a record. */
  boolean isHeader(FileLine line) {
    return line.lineNumber == 1 && HEADER.equals(line.text.strip()) && !line.malformedUtf8;
  }

  /** The staged row (an INSERT) of a data line, tagged with its batch. */
  Row parse(FileLine line, String batchId) throws Rejected {
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
    row.setField(9, batchId);
    return row;
  }
}
