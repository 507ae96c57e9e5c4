package dev.sluice.job.source.files;

import static dev.sluice.job.source.files.FilesOptions.*;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.factory.PipelineSource;
import dev.sluice.job.factory.SourceFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** {@code type: files} — manifest-committed deliveries of CSV or JSON-lines files. */
public final class FilesSourceFactory implements SourceFactory {

  @Override
  public String type() {
    return "files";
  }

  @Override
  public String description() {
    return "Deliveries of files under partition directories (dt=.../tenant=...), each committed by"
        + " a manifest written after its data file: batch_id, sha256 and row count, checked before"
        + " a line is read. The batch ledger makes a replay of a batch a no-op (a DUPLICATE dead"
        + " letter), a corrected delivery (same batch_id, another checksum) replace the batch's"
        + " rows, an older version read late SUPERSEDED; every decision is a row of the sink's"
        + " batch-ledger table, committed with the marts.";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(PATH);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        LAYOUT, FORMAT, DISCOVERY_INTERVAL, BACKFILL_FROM, MAX_BATCH_MB, MAX_LINE_KB, ORPHAN_GRACE);
  }

  @Override
  public boolean multiTable() {
    return false;
  }

  @Override
  public Set<ConfigOption<?>> requiredTableOptions() {
    return Set.of(VIEW);
  }

  @Override
  public Set<ConfigOption<?>> optionalTableOptions() {
    return Set.of(KEY, SCHEMA_DRIFT);
  }

  @Override
  public Map<String, String> metadataKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("file", "the data file's path (STRING)");
    keys.put("line", "the line number in the file, 1-based (BIGINT)");
    keys.put("batch-id", "the delivery's batch_id (STRING)");
    keys.put(
        "extra-fields",
        "under schema-drift: evolve, the columns the contract does not know, as a JSON object"
            + " (STRING)");
    return keys;
  }

  @Override
  public PipelineSource create(SourceDef source, PipelineDefinition pipeline) {
    return new FilesSource(source, metadataKeys());
  }

  @Override
  public LetterReplay replay() {
    return new FilesReplay();
  }
}
