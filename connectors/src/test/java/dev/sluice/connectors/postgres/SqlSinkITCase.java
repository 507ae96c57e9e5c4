package dev.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import java.nio.file.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code INSERT INTO} a {@code 'connector' = 'sluice-postgres'} table: a changelog, merged. */
class SqlSinkITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  @TempDir static Path temp;
  private static LocalStack stack;
  private static PostgresEndpoint endpoint;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start(LocalStackConfig.forTests(temp));
    stack.postgres().createDatabase("sql");
    endpoint = new PostgresEndpoint(stack.postgres().jdbcUrl("sql"), "postgres", null, null);
    Sql.execute(
        endpoint,
        "CREATE SCHEMA marts",
        "CREATE TABLE marts.scores (player TEXT PRIMARY KEY, points BIGINT, games BIGINT)");
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  private TableEnvironment tableEnv(String table, String primaryKey) {
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    tEnv.getConfig().set("parallelism.default", "2");
    tEnv.executeSql(
        "CREATE TABLE scores (player STRING, points BIGINT, games BIGINT"
            + primaryKey
            + ") WITH ('connector' = 'sluice-postgres', 'url' = '"
            + stack.postgres().jdbcUrl("sql")
            + "', 'table-name' = '"
            + table
            + "')");
    return tEnv;
  }

  @Test
  void anAggregateWithRetractionsLandsAsItsFinalImage() throws Exception {
    TableEnvironment tEnv = tableEnv("marts.scores", ", PRIMARY KEY (player) NOT ENFORCED");
    // 'a' reaches 4 points and leaves the HAVING filter again: a delete; 'b' and 'c' stay.
    tEnv.executeSql(
            "INSERT INTO scores SELECT player, SUM(p), COUNT(*) FROM (VALUES ('a', 1), ('b', 2),"
                + " ('a', 3), ('c', 1), ('b', 1)) AS t(player, p) GROUP BY player HAVING SUM(p) < 4")
        .await();
    assertThat(
            Sql.column(
                endpoint,
                "SELECT player || '|' || points || '|' || games FROM marts.scores ORDER BY 1"))
        .containsExactly("b|3|2", "c|1|1");
  }

  @Test
  void aTableWithoutPrimaryKeyOrATargetWithoutUniqueKeyIsRejectedClearly() throws Exception {
    assertThatThrownBy(
            () ->
                tableEnv("marts.scores", "")
                    .executeSql("INSERT INTO scores VALUES ('x', 1, 1)")
                    .await())
        .hasStackTraceContaining("needs a PRIMARY KEY (...) NOT ENFORCED");
    Sql.execute(endpoint, "CREATE TABLE marts.loose (player TEXT, points BIGINT, games BIGINT)");
    assertThatThrownBy(
            () ->
                tableEnv("marts.loose", ", PRIMARY KEY (player) NOT ENFORCED")
                    .executeSql("INSERT INTO scores VALUES ('x', 1, 1)")
                    .await())
        .hasStackTraceContaining(
            "no primary key or unique index on exactly the merge key (player)");
  }
}
