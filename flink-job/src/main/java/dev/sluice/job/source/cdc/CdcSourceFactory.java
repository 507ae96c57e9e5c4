package dev.sluice.job.source.cdc;

import static dev.sluice.job.source.cdc.CdcOptions.*;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.SourceFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** {@code type: postgres-cdc} — the tables of one Postgres database, one slot and publication. */
public final class CdcSourceFactory implements SourceFactory {

  @Override
  public String type() {
    return "postgres-cdc";
  }

  @Override
  public String description() {
    return "Change data capture from Postgres (pgoutput): one replication slot and one publication"
        + " per source, a snapshot of every table, then its WAL. Each change event is parsed once"
        + " and routed to the staging of its table, which keeps an upsert changelog keyed by the"
        + " table's primary key: a delete of a row never seen is an UNKNOWN_ROW dead letter, an"
        + " unchanged TOASTed value is filled from the row's previous image, a change delivered"
        + " again after a restore is dropped by its LSN.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(DATABASE);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        HOSTNAME,
        PORT,
        USERNAME,
        PASSWORD_ENV,
        PASSWORD_FILE,
        SLOT,
        PUBLICATION,
        HEARTBEAT,
        REDELIVERY_RETENTION);
  }

  @Override
  public boolean multiTable() {
    return true;
  }

  @Override
  public Set<ConfigOption<?>> requiredTableOptions() {
    return Set.of(VIEW, KEY);
  }

  @Override
  public Set<ConfigOption<?>> optionalTableOptions() {
    return Set.of(TABLE, TABLE_PATTERN, SCHEMA_DRIFT, OTHER_COLUMNS, HISTORY_VIEW, VERSION_COLUMN);
  }

  @Override
  public Map<String, String> metadataKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("lsn", "the change's LSN (BIGINT)");
    keys.put("commit-time", "the commit time at the source (TIMESTAMP_LTZ); null in the snapshot");
    keys.put("op", "Debezium's operation: r (snapshot), c, u (STRING)");
    keys.put("table", "the captured table, schema.table (STRING)");
    return keys;
  }

  @Override
  public PipelineSource create(SourceDef source, PipelineDefinition pipeline) {
    return new CdcSource(source, pipeline, metadataKeys());
  }

  @Override
  public LetterReplay replay() {
    return new CdcReplay();
  }
}
