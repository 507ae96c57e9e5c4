package dev.sluice.job.source.files;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.file.FileBatchSources;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.Rejected;
import dev.sluice.job.factory.LedgerRows;
import dev.sluice.job.staging.StageAccounting;
import dev.sluice.job.staging.StagingFunction;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The batch ledger of a files source's deliveries, keyed by batch id: a delivery whose checksum was
 * already loaded is a no-op (one DUPLICATE dead letter); a corrected delivery (same batch id,
 * another checksum) replaces the batch — the earlier version's lines are sent again marked for
 * retraction, then the new ones; a delivery whose manifest does not hold is dead-lettered whole.
 * Versions are ordered by when their manifest was put in place, not by when they are read: an older
 * version read after a newer one (both listed again after a restart, read by parallel readers) is
 * SUPERSEDED and changes nothing. A batch belongs to the partition (the {@code name=value}
 * directories) its first version was delivered under: the same batch id under another tenant or day
 * is a BATCH_ID_CONFLICT, never a correction of someone else's data.
 *
 * <p>Its state — the checksum and lines of each batch's loaded version — is what makes replays and
 * re-deliveries no-ops; it is kept as long as the job lives. Every decision is also a row of {@code
 * ops.batch_ledger}, committed in the same warehouse transaction as the marts it feeds.
 */
public final class BatchLedger extends KeyedProcessFunction<String, FileBatch, BatchLine> {

  private static final long serialVersionUID = 1L;

  /** Ledger rows, for {@code ops.batch_ledger}. */
  public static final OutputTag<Row> LEDGER = new OutputTag<>("batch-ledger", LedgerRows.TYPE);

  private final StageAccounting books;
  private final Contract contract;
  private final PartitionLayout layout;
  private transient ValueState<LedgerEntry> loaded;
  private transient ListState<FileLine> loadedLines;

  /**
   * @param source the source's name; the ledger's books and dead letters go under {@code
   *     <source>-ledger}
   * @param contract the rows' contract, whose rules each partition directory's value must pass
   */
  BatchLedger(String pipeline, String source, Contract contract, PartitionLayout layout) {
    this.books = new StageAccounting(pipeline, source + "-ledger");
    this.contract = contract;
    this.layout = layout;
  }

  /** Key of a delivery: its batch id, or its manifest when the manifest names none. */
  public static String key(FileBatch batch) {
    return batch.batchId == null || batch.batchId.isEmpty() ? batch.manifestPath : batch.batchId;
  }

  @Override
  public void open(OpenContext openContext) {
    books.open(getRuntimeContext());
    loaded =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("loaded-version", LedgerEntry.class));
    loadedLines =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("loaded-lines", TypeInformation.of(FileLine.class)));
  }

  @Override
  public void processElement(FileBatch batch, Context ctx, Collector<BatchLine> out)
      throws Exception {
    books.in();
    LocalDateTime now =
        LocalDateTime.ofInstant(
            Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()), ZoneOffset.UTC);
    if (batch.problem != null) {
      reject(batch, ctx, now);
      return;
    }
    String day = partitionProblem(batch.manifestPath);
    if (day != null) {
      ctx.output(
          StagingFunction.DEAD_LETTERS,
          books.dead(
              DeadLetterReason.PARTITION_MISMATCH, day, batch.manifestText, batch.manifestPath));
      return;
    }
    LedgerEntry current = loaded.value();
    String loadedUnder = current == null ? null : partition(current.manifest);
    String deliveredUnder = partition(batch.manifestPath);
    if (current != null && !loadedUnder.equals(deliveredUnder)) {
      ctx.output(
          StagingFunction.DEAD_LETTERS,
          books.dead(
              DeadLetterReason.BATCH_ID_CONFLICT,
              "batch "
                  + batch.batchId
                  + " was loaded under "
                  + loadedUnder
                  + " from "
                  + current.manifest
                  + "; a delivery under "
                  + deliveredUnder
                  + " cannot correct it: give it a batch id of its own",
              batch.manifestText,
              batch.manifestPath));
      return;
    }
    if (current != null && current.sha256.equals(batch.sha256)) {
      current.deliveries++;
      loaded.update(current);
      ctx.output(LEDGER, current.row(RowKind.UPDATE_AFTER, now));
      ctx.output(
          StagingFunction.DEAD_LETTERS,
          books.dead(
              DeadLetterReason.DUPLICATE,
              "batch "
                  + batch.batchId
                  + " was already loaded with the same sha256 from "
                  + current.manifest
                  + "; this delivery changes nothing",
              batch.manifestText,
              batch.manifestPath));
      return;
    }
    if (current != null && isOlder(batch, current)) {
      current.deliveries++;
      loaded.update(current);
      ctx.output(LEDGER, current.row(RowKind.UPDATE_AFTER, now));
      ctx.output(
          StagingFunction.DEAD_LETTERS,
          books.dead(
              DeadLetterReason.SUPERSEDED,
              "batch "
                  + batch.batchId
                  + ": this version was delivered before the one loaded from "
                  + current.manifest
                  + " and changes nothing",
              batch.manifestText,
              batch.manifestPath));
      return;
    }
    if (current != null) {
      String header = null;
      for (FileLine line : loadedLines.get()) {
        header = header == null ? line.text : header;
        out.collect(new BatchLine(batch.batchId, line, header, true));
      }
      current.status = "REPLACED";
      ctx.output(LEDGER, current.row(RowKind.UPDATE_AFTER, now));
    }
    String header = batch.lines.isEmpty() ? null : batch.lines.get(0).text;
    for (FileLine line : batch.lines) {
      out.collect(new BatchLine(batch.batchId, line, header, false));
    }
    LedgerEntry entry = new LedgerEntry();
    entry.batchId = batch.batchId;
    entry.sha256 = batch.sha256;
    entry.rows = batch.actualRows;
    entry.manifest = batch.manifestPath;
    entry.deliveredAt = batch.deliveredAt;
    entry.status = "LOADED";
    entry.deliveries = 1;
    entry.loadedAt = now;
    loaded.update(entry);
    loadedLines.update(new ArrayList<>(batch.lines));
    ctx.output(LEDGER, entry.row(RowKind.INSERT, now));
    books.out();
  }

  /**
   * Why a directory of the delivery's partition holds no value its column could have (not a date,
   * outside the column's min and max...), else null: no row of it could be staged, and the delivery
   * must not claim the partition.
   */
  private String partitionProblem(String manifestPath) {
    Map<String, String> values = layout.values(manifestPath);
    if (values == null) {
      return null; // each row is a PARTITION_MISMATCH of its own
    }
    for (Map.Entry<String, String> v : values.entrySet()) {
      try {
        contract.value(v.getKey(), v.getValue());
      } catch (Rejected r) {
        if (r.reason() == DeadLetterReason.UNKNOWN_TENANT) {
          continue; // each row is an UNKNOWN_TENANT letter of its own, replayable once served
        }
        return "partition "
            + layout.directoryOf(v.getKey())
            + "="
            + v.getValue()
            + ": "
            + r.getMessage();
      }
    }
    return null;
  }

  /** The partition values a manifest sits under, e.g. "dt=2026-11-24/tenant=t1". */
  private static String partition(String manifestPath) {
    return FileBatchSources.partition(new Path(manifestPath));
  }

  /** Delivered before the loaded version (in the same millisecond, the later read wins). */
  private static boolean isOlder(FileBatch batch, LedgerEntry loaded) {
    return batch.deliveredAt < loaded.deliveredAt;
  }

  private void reject(FileBatch batch, Context ctx, LocalDateTime now) {
    DeadLetterReason reason;
    switch (batch.problem) {
      case MANIFEST_INVALID:
        reason = DeadLetterReason.MANIFEST_INVALID;
        break;
      case DATA_FILE_MISSING:
        reason = DeadLetterReason.MISSING_FILE;
        break;
      case CHECKSUM_MISMATCH:
        reason = DeadLetterReason.CHECKSUM_MISMATCH;
        break;
      case ROW_COUNT_MISMATCH:
        reason = DeadLetterReason.ROW_COUNT_MISMATCH;
        break;
      case MANIFEST_MISSING:
        reason = DeadLetterReason.MISSING_MANIFEST;
        break;
      default:
        reason = DeadLetterReason.OVERSIZED;
    }
    if (batch.batchId != null && batch.sha256 != null) {
      LedgerEntry rejected = new LedgerEntry();
      rejected.batchId = batch.batchId;
      rejected.sha256 = batch.sha256;
      rejected.rows = batch.declaredRows;
      rejected.manifest = batch.manifestPath;
      rejected.status = "REJECTED: " + reason;
      rejected.deliveries = 1;
      rejected.loadedAt = now;
      ctx.output(LEDGER, rejected.row(RowKind.INSERT, now));
    }
    ctx.output(
        StagingFunction.DEAD_LETTERS,
        books.dead(reason, batch.problemDetail, batch.manifestText, batch.manifestPath));
  }

  /** What the ledger remembers of a batch's loaded version. */
  public static class LedgerEntry {
    public String batchId;
    public String sha256;
    public long rows;
    public String manifest;
    public long deliveredAt;
    public String status;
    public long deliveries;
    public LocalDateTime loadedAt;

    /** For Flink's POJO serializer. */
    public LedgerEntry() {}

    Row row(RowKind kind, LocalDateTime lastDelivery) {
      return Row.ofKind(
          kind, batchId, sha256, rows, status, manifest, deliveries, loadedAt, lastDelivery);
    }
  }
}
