package dev.sluice.job;

import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.job.curate.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the warehouse tables the pipeline serves into, if they are missing. */
public final class WarehouseBootstrap {

  private WarehouseBootstrap() {}

  /** Runs {@code <sqlDir>/warehouse/00_tables.sql} and creates the dead-letter table. */
  public static void run(PostgresEndpoint warehouse, String sqlDir, String deadLetterTable) {
    SqlScript tables = SqlScript.load(sqlDir, "warehouse/00_tables.sql");
    try (Connection connection = warehouse.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : tables.statements()) {
        statement.execute(sql);
      }
      statement.execute(String.format(DeadLetterSinks.TABLE_DDL, deadLetterTable));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot prepare the warehouse tables at " + warehouse + ": " + e.getMessage(), e);
    }
  }
}
