package dev.sluice.job.sink.postgres;

import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.job.factory.LedgerRows;
import dev.sluice.job.progress.ProgressTracker;
import java.util.ArrayList;
import java.util.List;

/** The tables a postgres sink keeps of the pipeline itself: dead letters, progress, ledger. */
public final class OpsTables {

  private OpsTables() {}

  static final String PROGRESS_DDL =
      "CREATE TABLE IF NOT EXISTS %s ("
          + " source TEXT NOT NULL, table_name TEXT NOT NULL, tenant_id TEXT NOT NULL,"
          + " complete_up_to TIMESTAMP NOT NULL, position TEXT, updated_at TIMESTAMP NOT NULL,"
          + " PRIMARY KEY (source, table_name, tenant_id))";

  static final String LEDGER_DDL =
      "CREATE TABLE IF NOT EXISTS %s ("
          + " batch_id TEXT NOT NULL, sha256 TEXT NOT NULL, row_count BIGINT NOT NULL,"
          + " status TEXT NOT NULL, manifest TEXT NOT NULL, deliveries BIGINT NOT NULL,"
          + " loaded_at TIMESTAMP NOT NULL, last_delivered_at TIMESTAMP NOT NULL,"
          + " PRIMARY KEY (batch_id, sha256))";

  /**
   * The DDL creating, if missing, the named ops tables (a null name is left out) and their schemas.
   */
  public static List<String> ddl(String deadLetters, String progress, String ledger) {
    List<String> statements = new ArrayList<>();
    add(statements, deadLetters, DeadLetterSinks.TABLE_DDL);
    add(statements, progress, PROGRESS_DDL);
    add(statements, ledger, LEDGER_DDL);
    return statements;
  }

  private static void add(List<String> statements, String table, String ddl) {
    if (table == null) {
      return;
    }
    int dot = table.indexOf('.');
    if (dot > 0) {
      statements.add("CREATE SCHEMA IF NOT EXISTS " + table.substring(0, dot));
    }
    statements.add(String.format(ddl, table));
  }

  static PostgresTable deadLetters(String name) {
    return new PostgresTable(
        name, DeadLetterSinks.COLUMNS, List.of("source", "position", "reason"));
  }

  static PostgresTable progress(String name) {
    return new PostgresTable(
        name,
        List.of(ProgressTracker.ROW_TYPE.getFieldNames()),
        List.of("source", "table_name", "tenant_id"));
  }

  static PostgresTable ledger(String name) {
    return new PostgresTable(
        name, List.of(LedgerRows.TYPE.getFieldNames()), List.of("batch_id", "sha256"));
  }
}
