package dev.sluice.job.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Splitting SQL files into statements. */
class SqlScriptTest {

  @Test
  void splitsOnSemicolonsOutsideQuotesAndComments() {
    SqlScript script =
        SqlScript.parse(
            "t.sql",
            "-- a comment; with a semicolon\n"
                + "CREATE VIEW a AS SELECT ';' AS s FROM t;\n"
                + "\n"
                + "SELECT \"x;y\" FROM `b;c` -- trailing; comment\n"
                + ";;\n");
    assertThat(script.statements())
        .containsExactly("CREATE VIEW a AS SELECT ';' AS s FROM t", "SELECT \"x;y\" FROM `b;c`");
  }

  @Test
  void theShopSqlFilesLoadFromTheClasspath() {
    assertThat(SqlScript.fromClasspath("sql/shop/30_marts.sql").statements())
        .hasSize(7)
        .allSatisfy(statement -> assertThat(statement).startsWith("CREATE TEMPORARY VIEW "));
  }
}
