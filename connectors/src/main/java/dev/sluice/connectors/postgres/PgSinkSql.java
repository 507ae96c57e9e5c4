package dev.sluice.connectors.postgres;

import java.util.stream.Collectors;

/** The SQL of the exactly-once sink: its staging and progress tables and the merge. */
final class PgSinkSql {

  /**
   * Columns every staging table starts with, in COPY order; prefixed so that no target column (e.g.
   * a {@code batch_id} of the user's) can collide with them.
   */
  static final String TAG_COLUMNS =
      "sluice_batch_id, sluice_sink, sluice_run, sluice_subtask, sluice_checkpoint_id,"
          + " sluice_seq, sluice_op";

  private PgSinkSql() {}

  static String progressTable(String stagingSchema) {
    return stagingSchema + ".sluice_sink_progress";
  }

  static String createProgressTable(String stagingSchema) {
    return "CREATE TABLE IF NOT EXISTS "
        + progressTable(stagingSchema)
        + " (batch_id TEXT PRIMARY KEY, job TEXT NOT NULL, sink TEXT NOT NULL, subtask INT NOT NULL,"
        + " checkpoint_id BIGINT NOT NULL, rows BIGINT NOT NULL, tables TEXT NOT NULL,"
        + " committed_at TIMESTAMPTZ NOT NULL DEFAULT now())";
  }

  /**
   * A staging table: the tag columns, then the target's columns with the target's types but no
   * constraints (a delete carries only what the changelog gave it). No index: it only ever holds
   * the batches not yet committed, and an index would slow every COPY.
   */
  static String createStagingTable(PostgresTable table, String stagingSchema, String columnTypes) {
    return "CREATE TABLE IF NOT EXISTS "
        + table.stagingTable(stagingSchema)
        + " (sluice_batch_id TEXT NOT NULL, sluice_sink TEXT NOT NULL, sluice_run TEXT NOT NULL,"
        + " sluice_subtask INT NOT NULL, sluice_checkpoint_id BIGINT NOT NULL,"
        + " sluice_seq BIGINT NOT NULL, sluice_op \"char\" NOT NULL, "
        + columnTypes
        + ", sluice_staged_at TIMESTAMPTZ NOT NULL DEFAULT now())";
  }

  static String copyIn(PostgresTable table, String stagingSchema) {
    return "COPY "
        + table.stagingTable(stagingSchema)
        + " ("
        + TAG_COLUMNS
        + ", "
        + table.columnList("")
        + ") FROM STDIN (FORMAT csv)";
  }

  /**
   * Applies one batch to its target in a single statement: the last change per key wins (by {@code
   * seq}); deletes remove the key, upserts insert or update it — never to an older version when the
   * table has a version column.
   */
  static String merge(PostgresTable table, String stagingSchema, boolean uniqueKeys) {
    String keys = table.keyList("");
    return merge(
        table,
        uniqueKeys
            ? "SELECT * FROM " + table.stagingTable(stagingSchema) + " WHERE sluice_batch_id = ?"
            : "SELECT DISTINCT ON ("
                + keys
                + ") * FROM "
                + table.stagingTable(stagingSchema)
                + " WHERE sluice_batch_id = ? ORDER BY "
                + keys
                + ", sluice_seq DESC");
  }

  /**
   * Applies the staged rows of one batch whose {@code sluice_seq} is in the array parameter: a
   * subset of the batch's last changes per key ({@link #latestSeqs}).
   */
  static String mergeSeqs(PostgresTable table, String stagingSchema) {
    return merge(
        table,
        "SELECT * FROM "
            + table.stagingTable(stagingSchema)
            + " WHERE sluice_batch_id = ? AND sluice_seq = ANY(?)");
  }

  /** The seqs of a batch's last change per key, ascending. */
  static String latestSeqs(PostgresTable table, String stagingSchema) {
    String keys = table.keyList("");
    return "SELECT sluice_seq FROM (SELECT DISTINCT ON ("
        + keys
        + ") sluice_seq FROM "
        + table.stagingTable(stagingSchema)
        + " WHERE sluice_batch_id = ? ORDER BY "
        + keys
        + ", sluice_seq DESC) l ORDER BY sluice_seq";
  }

  /** One staged row's columns as text, by batch and seq. */
  static String stagedRow(PostgresTable table, String stagingSchema) {
    return "SELECT "
        + table.columns().stream().map(c -> c + "::text").collect(Collectors.joining(", "))
        + " FROM "
        + table.stagingTable(stagingSchema)
        + " WHERE sluice_batch_id = ? AND sluice_seq = ?";
  }

  /** Inserts one dead letter unless the table has its key already. */
  static String insertLetter(PostgresTable deadLetters) {
    return "INSERT INTO "
        + deadLetters.name()
        + " ("
        + deadLetters.columnList("")
        + ") VALUES ("
        + deadLetters.columns().stream().map(c -> "?").collect(Collectors.joining(", "))
        + ") ON CONFLICT DO NOTHING";
  }

  /** The merge of the staged rows {@code latest} selects (one per key). */
  private static String merge(PostgresTable table, String latest) {
    String keys = table.keyList("");
    String join =
        table.keyColumns().stream()
            .map(k -> "t." + k + " = l." + k)
            .collect(Collectors.joining(" AND "));
    String updates =
        table.columns().stream()
            .filter(c -> !table.keyColumns().contains(c))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    String guard =
        table.versionColumn() == null
            ? ""
            : " WHERE "
                + table.name()
                + "."
                + table.versionColumn()
                + " <= EXCLUDED."
                + table.versionColumn();
    String deleteGuard =
        table.versionColumn() == null
            ? ""
            : " AND t." + table.versionColumn() + " <= l." + table.versionColumn();
    return "WITH latest AS ("
        + latest
        + "), removed AS (DELETE FROM "
        + table.name()
        + " t USING latest l WHERE l.sluice_op = 'D' AND "
        + join
        + deleteGuard
        + ") INSERT INTO "
        + table.name()
        + " ("
        + table.columnList("")
        + ") SELECT "
        + table.columnList("")
        + " FROM latest WHERE sluice_op = 'U' ON CONFLICT ("
        + keys
        + ") DO "
        + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates + guard);
  }
}
