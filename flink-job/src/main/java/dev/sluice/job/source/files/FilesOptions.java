package dev.sluice.job.source.files;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.sluice.job.staging.SchemaDriftPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The options of a {@code files} source. */
final class FilesOptions {

  private FilesOptions() {}

  /** The formats of a delivery's data file. */
  enum Format {
    /** Comma-separated, line 1 a header naming the columns (in any order); no quoting. */
    CSV,
    /** One JSON object per line. */
    JSON_LINES
  }

  static final ConfigOption<String> PATH =
      key("path")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Root of the deliveries (file:///..., or any Flink file system URI): each delivery"
                  + " is a data file and its <name>.manifest.json (batch_id, sha256, row count),"
                  + " the manifest written last, under the directories of layout.");

  static final ConfigOption<String> LAYOUT =
      key("layout")
          .stringType()
          .defaultValue("")
          .withDescription(
              "The partition directories under path, e.g. dt={dt}/tenant={tenant_id}: each"
                  + " segment name={column} names a declared column. A row whose own value of that"
                  + " column differs from its directory's is a PARTITION_MISMATCH dead letter; a"
                  + " column the file lacks takes the directory's value. A directory value that"
                  + " breaks the column's contract dead-letters the whole delivery.");

  static final ConfigOption<Format> FORMAT =
      key("format")
          .enumType(Format.class)
          .defaultValue(Format.CSV)
          .withDescription("csv (a header line, then one row per line) or json-lines.");

  static final ConfigOption<Duration> DISCOVERY_INTERVAL =
      key("discovery-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription(
              "How often new deliveries are looked for; 0 reads what is there and ends.");

  static final ConfigOption<String> BACKFILL_FROM =
      key("backfill-from")
          .stringType()
          .defaultValue("")
          .withDescription(
              "Earliest value of the layout's first partition to read (compared as text, so"
                  + " dates YYYY-MM-DD order as days); earlier partitions are never listed. Empty:"
                  + " every partition.");

  static final ConfigOption<Integer> MAX_BATCH_MB =
      key("max-batch-mb")
          .intType()
          .defaultValue(64)
          .withDescription(
              "Largest data file of one delivery; a bigger one is dead-lettered as OVERSIZED"
                  + " (split such deliveries into several batches).");

  static final ConfigOption<Integer> MAX_LINE_KB =
      key("max-line-kb")
          .intType()
          .defaultValue(64)
          .withDescription(
              "Longest line; a longer line is dead-lettered as OVERSIZED (file and line, its size"
                  + " and SHA-256, the payload cut to this length) and the rest of the file is"
                  + " loaded.");

  static final ConfigOption<Duration> ORPHAN_GRACE =
      key("orphan-grace")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "A data file that no manifest has committed this long after it was last modified is"
                  + " dead-lettered once as MISSING_MANIFEST; a manifest arriving later still"
                  + " loads it.");

  // --- the table ---

  static final ConfigOption<String> VIEW =
      key("view")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The staged table the SQL reads: inserts, and deletes of the rows of a batch's"
                  + " earlier version when a corrected delivery replaces it.");

  static final ConfigOption<List<String>> KEY =
      key("key")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("The columns that identify a row (checked to fit every sink's key).");

  static final ConfigOption<SchemaDriftPolicy> SCHEMA_DRIFT =
      key("schema-drift")
          .enumType(SchemaDriftPolicy.class)
          .defaultValue(SchemaDriftPolicy.EVOLVE)
          .withDescription(
              "What a file with columns (or JSON fields) the contract does not know does. evolve:"
                  + " load it, the unknown values as a JSON object in the column with metadata:"
                  + " extra-fields, if any; ignore: load it without them; dead-letter: each of its"
                  + " rows is a SCHEMA_DRIFT dead letter; fail: the job stops without restarting,"
                  + " naming the file and the columns.");
}
