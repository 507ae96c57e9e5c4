package dev.sluice.job.source.files;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.OVERSIZED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.PARTITION_MISMATCH;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_DRIFT;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.deadletter.Digests;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.JsonRecordFields;
import dev.sluice.job.contract.MetadataValues;
import dev.sluice.job.contract.RecordFields;
import dev.sluice.job.contract.Rejected;
import dev.sluice.job.source.files.FilesOptions.Format;
import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingFunction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Stages the lines of the deliveries the batch ledger let through, and retracts the rows of a
 * batch's earlier version when a corrected one replaces it.
 *
 * <p>CSV: line 1 is the header; it must name every field of the contract (in any order) that no
 * partition directory fills; columns it adds are handled by the schema-drift policy. JSON lines:
 * each line an object, unknown fields handled alike. Each row must agree with its partition
 * directories (and a {@code within-partition} timestamp with its day), else PARTITION_MISMATCH.
 */
final class FileRecordStaging extends StagingFunction<BatchLine, Row> {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final Format format;
  private final PartitionLayout layout;
  private final SchemaDriftPolicy drift;
  private transient String lastHeaderText;
  private transient CsvHeader lastHeader;
  private transient ObjectMapper mapper;
  private transient String lastPath;
  private transient Map<String, String> lastPartition;

  FileRecordStaging(
      String pipeline,
      String source,
      Contract contract,
      Format format,
      PartitionLayout layout,
      SchemaDriftPolicy drift) {
    super(pipeline, source, contract);
    this.source = source;
    this.format = format;
    this.layout = layout;
    this.drift = drift;
  }

  @Override
  protected boolean isRecord(BatchLine line) {
    return !line.retract && !isHeader(line.line, line.header);
  }

  /**
   * A header is checked for the {@code fail} policy; a retracted line was staged (or dead-lettered)
   * when its version was loaded: its good row is deleted now, a bad one has nothing to undo.
   */
  @Override
  protected void notARecord(BatchLine line, Collector<Row> out) {
    if (!line.retract) {
      checkHeader(line.line, line.header);
      return;
    }
    if (isHeader(line.line, line.header)) {
      return;
    }
    try {
      Row row = parse(line);
      row.setKind(RowKind.DELETE);
      out.collect(row);
    } catch (Rejected wasDeadLettered) {
      // nothing was staged for it
    }
  }

  @Override
  protected void stage(BatchLine line, Context ctx, Collector<Row> out) throws Rejected {
    out.collect(writable(parse(line)));
  }

  /** True for line 1 of a CSV file when it names every field the contract needs. */
  private boolean isHeader(FileLine line, String header) {
    return format == Format.CSV
        && line.lineNumber == 1
        && !line.malformedUtf8
        && !line.truncated
        && header(header).missing.isEmpty();
  }

  private void checkHeader(FileLine line, String header) {
    if (format == Format.CSV && drift == SchemaDriftPolicy.FAIL) {
      CsvHeader h = header(header);
      if (!h.added.isEmpty()) {
        throw fail(line, "has a header adding column(s) " + h.added);
      }
    }
  }

  private Row parse(BatchLine batchLine) throws Rejected {
    FileLine line = batchLine.line;
    if (line.malformedUtf8) {
      throw new Rejected(ENCODING, "line is not valid UTF-8");
    }
    if (line.truncated) {
      throw new Rejected(
          OVERSIZED,
          line.path
              + " line "
              + line.lineNumber
              + " is longer than sources."
              + source
              + ".max-line-kb: "
              + Digests.cut(line.fullBytes, line.sha256, line.text.length()));
    }
    Map<String, String> partition = partition(line.path);
    if (partition == null) {
      throw new Rejected(PARTITION_MISMATCH, "file is not under " + layout + "/");
    }
    String text = line.text.strip();
    if (text.isEmpty()) {
      throw new Rejected(MALFORMED, "empty line");
    }
    ObjectNode added = JsonNodeFactory.instance.objectNode();
    RecordFields record =
        format == Format.CSV ? csv(line, text, batchLine.header, added) : json(line, text, added);
    ObjectNode extras = null;
    if (!added.isEmpty()) {
      String first = added.fieldNames().next();
      switch (drift) {
        case DEAD_LETTER:
          throw new Rejected(
              SCHEMA_DRIFT,
              (format == Format.CSV ? "column " : "field ")
                  + first
                  + " of "
                  + line.path
                  + " is not in the contract (sources."
                  + source
                  + ".schema-drift: dead-letter)");
        case FAIL:
          throw fail(line, "has field " + first + ", which the contract does not know");
        case EVOLVE:
          extras = added;
          break;
        default:
      }
    }
    RecordFields fields =
        field -> {
          String value = record.text(field);
          return value == null ? partition.get(field) : value;
        };
    String extraFields = extras == null ? null : extras.toString();
    MetadataValues metadata =
        key -> {
          switch (key) {
            case "file":
              return line.path;
            case "line":
              return line.lineNumber;
            case "batch-id":
              return batchLine.batchId;
            case "extra-fields":
              return extraFields;
            default:
              return null;
          }
        };
    Row row = contract().row(fields, metadata);
    checkPartition(row, partition);
    return row;
  }

  /** Each partition column's value in the row must be the directory's. */
  private void checkPartition(Row row, Map<String, String> partition) throws Rejected {
    for (Map.Entry<String, String> p : partition.entrySet()) {
      Object expected = contract().value(p.getKey(), p.getValue());
      Object actual = row.getField(contract().index(p.getKey()));
      if (!Objects.equals(expected, actual)) {
        throw new Rejected(
            PARTITION_MISMATCH,
            p.getKey()
                + " '"
                + actual
                + "' is in partition "
                + layout.directoryOf(p.getKey())
                + "="
                + p.getValue());
      }
    }
  }

  /**
   * The fields of a CSV line; the cells of columns the contract does not know go to {@code added}.
   */
  private RecordFields csv(FileLine line, String text, String headerText, ObjectNode added)
      throws Rejected {
    CsvHeader h = header(headerText);
    if (!h.missing.isEmpty()) {
      if (drift == SchemaDriftPolicy.FAIL) {
        throw fail(line, "lacks column(s) " + h.missing);
      }
      if (line.lineNumber == 1) {
        throw new Rejected(
            SCHEMA_MISMATCH,
            "header '"
                + text
                + "' lacks column(s) "
                + h.missing
                + "; expected "
                + needed()
                + " in any order");
      }
      throw new Rejected(
          MISSING_FIELD,
          "column " + h.missing.get(0) + " is missing from the header of " + line.path);
    }
    if (text.indexOf('"') >= 0) {
      throw new Rejected(MALFORMED, "quoted fields are not part of this CSV format");
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
    for (String column : h.added) {
      added.put(column, h.cell(cells, column));
    }
    return field -> h.cell(cells, field);
  }

  /** The fields of a JSON line; those the contract does not know go to {@code added}, as JSON. */
  private RecordFields json(FileLine line, String text, ObjectNode added) throws Rejected {
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "line is not (strict) JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "line is JSON but not an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!contract().sourceFields().contains(field.getKey())) {
        added.set(field.getKey(), field.getValue());
      }
    }
    return new JsonRecordFields(node);
  }

  /** The fields a header must name: the contract's, but those a partition directory fills. */
  private List<String> needed() {
    List<String> needed = new ArrayList<>(contract().sourceFields());
    needed.removeAll(layout.columns());
    return needed;
  }

  /** The partition values of {@code path}, read once per file rather than once per line. */
  private Map<String, String> partition(String path) {
    if (!path.equals(lastPath)) {
      lastPartition = layout.values(path);
      lastPath = path;
    }
    return lastPartition;
  }

  private CsvHeader header(String text) {
    if (lastHeader == null || !Objects.equals(text, lastHeaderText)) {
      lastHeader = new CsvHeader(text, contract().sourceFields(), layout.columns());
      lastHeaderText = text;
    }
    return lastHeader;
  }

  private SuppressRestartsException fail(FileLine line, String what) {
    return new SuppressRestartsException(
        new IllegalStateException(
            "sources."
                + source
                + ".schema-drift is fail and "
                + line.path
                + " "
                + what
                + "; the contract has "
                + needed()));
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
