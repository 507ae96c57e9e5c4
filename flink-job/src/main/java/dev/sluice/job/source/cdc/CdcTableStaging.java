package dev.sluice.job.source.cdc;

import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;
import static dev.sluice.connectors.deadletter.DeadLetterReason.UNAVAILABLE_VALUE;
import static dev.sluice.connectors.deadletter.DeadLetterReason.UNKNOWN_ROW;

import dev.sluice.connectors.text.WritableText;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.MetadataValues;
import dev.sluice.job.contract.Rejected;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.StagingContext;
import dev.sluice.job.factory.StagingContext.StagedTable;
import dev.sluice.job.staging.StagingFunction;
import dev.sluice.job.staging.StateRetention;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages the change events of one table definition into an upsert changelog of its contract.
 *
 * <p>Runs keyed by {@link ChangeEvent#key}: per row it keeps the source's latest image and whether
 * a valid version of it is staged. An invalid image is dead-lettered and retracts the staged
 * version, so curated data never keeps a version the source has since replaced by a bad one; a
 * delete of a row never seen is an {@code UNKNOWN_ROW} dead letter, never a retraction; an
 * unchanged TOASTed column ({@value #UNAVAILABLE}) is filled from the previous image.
 *
 * <p>It also keeps the LSN of the last change applied to the row, deleted rows included, for the
 * redelivery retention (state TTL): a change at exactly that LSN is the same change delivered again
 * after a restore, and is dropped — neither staged again nor dead-lettered twice — and counted as
 * redelivered. Flink CDC delivers a change again when the checkpoint stored it as its position and
 * it shares its LSN with the commit before it: the restart locator cannot tell that from a stored
 * commit boundary and resumes at the start of the transaction (see {@code WalPositionLocator}); the
 * change it delivers again is the last one applied to its row. Only equality counts: an insert's
 * WAL record may precede the record of a delete of the same key that commits first, so a lower LSN
 * is not proof of a re-delivery.
 */
final class CdcTableStaging extends StagingFunction<ChangeEvent, Row> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CdcTableStaging.class);

  /** Debezium's value for a TOASTed column an UPDATE did not change (REPLICA IDENTITY DEFAULT). */
  static final String UNAVAILABLE = "__debezium_unavailable_value";

  /** Longest key column value a dead letter's position shows whole. */
  static final int MAX_POSITION_KEY_CHARS = 120;

  private final List<String> keyFields;
  private final ColumnDrift drift;
  private final Duration redeliveryRetention;
  private transient ValueState<String[]> image;
  private transient ValueState<Boolean> staged;
  private transient ValueState<Long> appliedLsn;
  private transient Counter toastFilled;

  /**
   * @param keyFields the upstream columns of the key, named in dead-letter positions
   * @param drift the check of each image's columns
   * @param redeliveryRetention how long the LSN of a row's last applied change is kept
   */
  CdcTableStaging(
      String pipeline,
      String table,
      Contract contract,
      List<String> keyFields,
      ColumnDrift drift,
      Duration redeliveryRetention) {
    super(pipeline, table, contract);
    this.keyFields = keyFields;
    this.drift = drift;
    this.redeliveryRetention = redeliveryRetention;
  }

  /**
   * Runs {@code staging} over {@code events} keyed by {@link ChangeEvent#key} and hands its rows to
   * {@code context} as the upsert changelog {@code view} of {@code table}, with its dead letters.
   */
  static SingleOutputStreamOperator<Row> apply(
      StagingContext context,
      DataStream<ChangeEvent> events,
      CdcTableStaging staging,
      Contract contract,
      TableDef table,
      String view) {
    String name = context.name();
    SingleOutputStreamOperator<Row> rows =
        events
            .keyBy(event -> event.key, Types.STRING)
            .transform("staging", contract.rowType(), new ProcessOperator<>(staging))
            .uid(name + "-staging-" + table.name())
            .name("staging: " + table.name());
    context.deadLetters(rows.getSideOutput(DEAD_LETTERS));
    context.table(
        StagedTable.of(
            view,
            rows,
            contract.schema(true, null),
            ChangelogMode.upsert(),
            table,
            contract.key()));
    return rows;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    image =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("image", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
    staged = getRuntimeContext().getState(new ValueStateDescriptor<>("staged", Types.BOOLEAN));
    ValueStateDescriptor<Long> applied = new ValueStateDescriptor<>("applied-lsn", Types.LONG);
    applied.enableTimeToLive(StateRetention.of(redeliveryRetention));
    appliedLsn = getRuntimeContext().getState(applied);
    toastFilled = books().counter("toast_filled");
  }

  @Override
  protected boolean isRedelivered(ChangeEvent event) throws IOException {
    Long applied = appliedLsn.value();
    if (!event.streamed() || !Long.valueOf(event.lsn).equals(applied)) {
      return false;
    }
    LOG.info(
        "Dropped a change delivered again after a restore: {} (last applied LSN {})",
        position(event),
        applied);
    return true;
  }

  @Override
  protected void stage(ChangeEvent event, Context ctx, Collector<Row> out)
      throws Rejected, IOException {
    if (event.streamed()) {
      appliedLsn.update(event.lsn);
    }
    MetadataValues metadata = metadata(event);
    switch (event.op) {
      case "r":
      case "c":
      case "u":
        Row key = contract().key(event.fields(), metadata);
        try {
          List<String> unavailable = fillUnchangedToast(event);
          drift.check(Arrays.asList(event.columns), String.valueOf(event.lsn));
          rejectUnavailable(event, unavailable);
          Row row = contract().row(event.fields(), metadata);
          row.setKind(event.op.equals("u") ? RowKind.UPDATE_AFTER : RowKind.INSERT);
          out.collect(writable(row));
          staged.update(true);
        } catch (Rejected invalid) {
          retract(key, out);
          throw invalid;
        }
        return;
      case "d":
        Row deleted = contract().key(event.fields(), metadata);
        if (image.value() == null) {
          throw new Rejected(
              UNKNOWN_ROW,
              "delete of a row of "
                  + event.upstream
                  + " this staging never saw; nothing to retract");
        }
        image.clear();
        retract(deleted, out);
        return;
      default:
        throw new Rejected(SCHEMA_MISMATCH, "unknown change operation op='" + event.op + "'");
    }
  }

  private static MetadataValues metadata(ChangeEvent event) {
    return key -> {
      switch (key) {
        case "lsn":
          return event.lsn;
        case "commit-time":
          return event.commitMillis > 0 ? Instant.ofEpochMilli(event.commitMillis) : null;
        case "op":
          return event.op;
        case "table":
          return event.upstream;
        case "position":
          return event.origin;
        default:
          return null;
      }
    };
  }

  /** Emits a delete of {@code key} if a valid version of it is staged. */
  private void retract(Row key, Collector<Row> out) throws IOException {
    if (Boolean.TRUE.equals(staged.value())) {
      key.setKind(RowKind.DELETE);
      out.collect(key);
    }
    staged.clear();
  }

  /**
   * Replaces each {@value #UNAVAILABLE} in the event's image by the column's value in the row's
   * previous image and keeps the result as the row's latest image; returns the columns no previous
   * image holds.
   */
  private List<String> fillUnchangedToast(ChangeEvent event) throws IOException {
    String[] previous = image.value();
    List<String> unavailable = new ArrayList<>();
    for (int i = 0; i < event.columns.length; i++) {
      if (UNAVAILABLE.equals(event.values[i])) {
        String known = previous == null ? null : previousValue(previous, event.columns[i]);
        if (known == null || UNAVAILABLE.equals(known)) {
          unavailable.add(event.columns[i]);
        } else {
          event.values[i] = known;
          toastFilled.inc();
        }
      }
    }
    String[] latest = new String[event.columns.length * 2];
    for (int i = 0; i < event.columns.length; i++) {
      latest[2 * i] = event.columns[i];
      latest[2 * i + 1] = event.values[i];
    }
    image.update(latest);
    return unavailable;
  }

  /** The value of {@code column} in an image kept as name, value, name, value... */
  private static String previousValue(String[] image, String column) {
    for (int i = 0; i < image.length; i += 2) {
      if (image[i].equals(column)) {
        return image[i + 1];
      }
    }
    return null;
  }

  private static void rejectUnavailable(ChangeEvent event, List<String> unavailable)
      throws Rejected {
    if (!unavailable.isEmpty()) {
      throw new Rejected(
          UNAVAILABLE_VALUE,
          "column(s) "
              + unavailable
              + " of "
              + event.upstream
              + " arrived as "
              + UNAVAILABLE
              + " (an unchanged TOASTed value) and no earlier version of the row is known;"
              + " REPLICA IDENTITY FULL on the source table avoids it");
    }
  }

  @Override
  protected String payload(ChangeEvent event) {
    return event.json;
  }

  /**
   * The event's LSN, table, key and operation; each key value escaped and bounded to {@value
   * #MAX_POSITION_KEY_CHARS} characters (a cut one ends with its length and SHA-256), so that the
   * op after it survives the dead letter's bound on positions.
   */
  @Override
  protected String position(ChangeEvent event) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < keyFields.size(); i++) {
      String value = event.fields().text(keyFields.get(i));
      key.append(i == 0 ? "" : "/")
          .append(WritableText.escapeAndBound(value == null ? "?" : value, MAX_POSITION_KEY_CHARS));
    }
    return (event.origin == null ? "" : event.origin + " ")
        + "lsn="
        + (event.lsn < 0 ? "?" : String.valueOf(event.lsn))
        + " table="
        + event.upstream
        + " key="
        + key
        + " op="
        + event.op;
  }
}
