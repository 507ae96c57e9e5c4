package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.OVERSIZED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.PARTITION_MISMATCH;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_DRIFT;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.deadletter.Digests;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;

/**
 * Parses one line of a settlement file into a staged payment row, or rejects it. Columns are found
 * by their name in the file's header, so their order does not matter; columns the contract does not
 * know are handled by the {@link SchemaDriftPolicy}.
 */
public final class PaymentLineParser implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The header of a settlement file in its documented column order. */
  public static final String HEADER = String.join(",", SettlementHeader.COLUMNS);

  private static final Pattern PARTITION = Pattern.compile("/dt=([^/]+)/tenant=([^/]+)/[^/]+$");

  private final ShopRules rules;
  private final SchemaDriftPolicy drift;
  private transient String lastHeaderText;
  private transient SettlementHeader lastHeader;

  PaymentLineParser(ShopRules rules, SchemaDriftPolicy drift) {
    this.rules = rules;
    this.drift = drift;
  }

  /** True for line 1 when it names every contract column: a header, not a record. */
  boolean isHeader(FileLine line, String header) {
    return line.lineNumber == 1
        && !line.malformedUtf8
        && !line.truncated
        && header(header).missing.isEmpty();
  }

  /** Fails the job when a header adds columns and the policy is {@code fail}. */
  void checkHeader(FileLine line, String header) {
    SettlementHeader h = header(header);
    if (drift == SchemaDriftPolicy.FAIL && !h.added.isEmpty()) {
      throw fail(line, "adds column(s) " + h.added);
    }
  }

  /** The staged row (an INSERT) of a data line, tagged with its batch. */
  Row parse(FileLine line, String batchId, String header) throws Rejected {
    if (line.malformedUtf8) {
      throw new Rejected(ENCODING, "line is not valid UTF-8");
    }
    if (line.truncated) {
      throw new Rejected(
          OVERSIZED,
          line.path
              + " line "
              + line.lineNumber
              + " is longer than sources.payments.max-line-kb: "
              + Digests.cut(line.fullBytes, line.sha256, line.text.length()));
    }
    SettlementHeader h = header(header);
    if (!h.missing.isEmpty()) {
      if (drift == SchemaDriftPolicy.FAIL) {
        throw fail(line, "lacks column(s) " + h.missing);
      }
      if (line.lineNumber == 1) {
        throw new Rejected(
            SCHEMA_MISMATCH,
            "header '"
                + line.text.strip()
                + "' lacks column(s) "
                + h.missing
                + "; expected "
                + HEADER
                + " in any order");
      }
      throw new Rejected(
          MISSING_FIELD,
          "column " + h.missing.get(0) + " is missing from the header of " + line.path);
    }
    if (!h.added.isEmpty() && drift == SchemaDriftPolicy.DEAD_LETTER) {
      throw new Rejected(
          SCHEMA_DRIFT,
          "column "
              + h.added.get(0)
              + " in the header of "
              + line.path
              + " is not in the settlement contract (sources.payments.schema-drift: dead-letter)");
    }
    checkHeader(line, header);
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
    String[] cells = text.split(",", -1);
    if (cells.length != h.names.size()) {
      throw new Rejected(
          SCHEMA_MISMATCH,
          "expected "
              + h.names.size()
              + " columns ("
              + String.join(",", h.names)
              + "), got "
              + cells.length);
    }
    String tenant = rules.tenant(h.cell(cells, "tenant_id"));
    if (!tenant.equals(pathTenant)) {
      throw new Rejected(
          PARTITION_MISMATCH, "tenant_id '" + tenant + "' is in partition tenant=" + pathTenant);
    }
    LocalDateTime settledAt = Fields.utc(Fields.instant("settled_at", h.cell(cells, "settled_at")));
    if (!settledAt.toLocalDate().equals(dt)) {
      throw new Rejected(
          PARTITION_MISMATCH, "settled_at " + settledAt + " (UTC) is not in partition dt=" + dt);
    }
    Row row = new Row(StagedTables.PAYMENTS_TYPE.getArity());
    row.setField(0, tenant);
    row.setField(1, Fields.text("payment_id", h.cell(cells, "payment_id")));
    row.setField(2, Fields.positiveLong("order_id", h.cell(cells, "order_id")));
    row.setField(3, Fields.amount("amount", h.cell(cells, "amount")));
    row.setField(4, rules.currency(h.cell(cells, "currency")));
    row.setField(5, settledAt);
    row.setField(6, dt);
    row.setField(7, line.path);
    row.setField(8, line.lineNumber);
    row.setField(9, batchId);
    row.setField(StagedTables.PAYMENT_EXTRA_FIELDS, extras(h, cells));
    return row;
  }

  /** The added columns as a JSON object under {@code evolve}; else null. */
  private String extras(SettlementHeader h, String[] cells) {
    if (h.added.isEmpty() || drift != SchemaDriftPolicy.EVOLVE) {
      return null;
    }
    ObjectNode extra = JsonNodeFactory.instance.objectNode();
    for (String column : h.added) {
      extra.put(column, h.cell(cells, column));
    }
    return extra.toString();
  }

  private SettlementHeader header(String text) {
    if (lastHeader == null || !Objects.equals(text, lastHeaderText)) {
      lastHeader = new SettlementHeader(text);
      lastHeaderText = text;
    }
    return lastHeader;
  }

  private static SuppressRestartsException fail(FileLine line, String what) {
    return new SuppressRestartsException(
        new IllegalStateException(
            "sources.payments.schema-drift is fail and the header of "
                + line.path
                + " "
                + what
                + "; expected "
                + HEADER));
  }
}
