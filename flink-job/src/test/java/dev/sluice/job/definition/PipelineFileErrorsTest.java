package dev.sluice.job.definition;

import static dev.sluice.job.definition.Pipelines.failsAt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.factory.PipelineFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad pipeline files: each error names the file, the line, the key path and the fix. */
class PipelineFileErrorsTest {

  private static final String HEAD = "pipeline:\n  name: shop\n";

  /** A file of {@link #HEAD} (lines 1-2) and {@code rest} (from line 3). */
  private static String file(String rest) {
    return HEAD + rest;
  }

  @Test
  void anUnknownSourceTypeListsTheKnownTypes() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cd
                """),
            5,
            "sources.db.type")
        .hasMessageEndingWith(
            "unknown source type 'test-cd'. Did you mean 'test-cdc'? Known source types:"
                + " files, kafka, postgres-cdc, test-cdc, test-files.");
  }

  @Test
  void anUnknownSinkTypeListsTheKnownTypes() {
    failsAt(
            file(
                """
                sinks:
                  events:
                    type: rabbitmq
                """),
            5,
            "sinks.events.type")
        .hasMessageEndingWith(
            "unknown sink type 'rabbitmq'. Known sink types: kafka, postgres, test-sink.");
  }

  @Test
  void anUnknownKeySuggestsTheClosestKnownOne() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    hostname: localhost
                    heartbeat-intervall: 10 s
                """),
            7,
            "sources.db.heartbeat-intervall")
        .hasMessageContaining("unknown key. Did you mean 'heartbeat-interval'? Known keys: ")
        .hasMessageContaining("hostname, password-env, port, slot-name, tables, type.");
  }

  @Test
  void anUnknownKeyFarFromEveryKnownOneOnlyListsThem() {
    failsAt(
            file(
                """
                sinks:
                  warehouse:
                    type: test-sink
                    url: jdbc:postgresql://db/warehouse
                    retention: 1 h
                """),
            7,
            "sinks.warehouse.retention")
        .hasMessageEndingWith("unknown key. Known keys: dead-letters, tables, type, url.");
  }

  @Test
  void aMissingRequiredKeyFailsAtItsDefinitionWithTheOptionsDescription() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    port: 5432
                """),
            4,
            "sources.db.hostname")
        .hasMessageEndingWith("a required key is missing. Add hostname: Database host.");
  }

  @Test
  void aBadDurationKeepsFlinksMessageAndSaysHowToWriteOne() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    hostname: localhost
                    heartbeat-interval: ten seconds
                """),
            7,
            "sources.db.heartbeat-interval")
        .hasMessageContaining("'ten seconds' is not a valid Duration (")
        .hasMessageContaining("seconds")
        .hasMessageEndingWith("Write a duration such as 500 ms, 30 s, 5 min, 1 h or 1 d.");
  }

  @Test
  void aBadWholeNumberSaysSo() {
    failsAt(file("restarts:\n  max-attempts: many\n"), 4, "restarts.max-attempts")
        .hasMessageContaining("'many' is not a valid Integer (")
        .hasMessageEndingWith("Write a whole number.");
  }

  @Test
  void aBadEnumValueListsTheValuesAsTheyAreWritten() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    schema-drift: drop
                    columns: {id: STRING}
                """),
            8,
            "sources.payments.schema-drift")
        .hasMessageContaining("'drop' is not a valid value (")
        .hasMessageEndingWith("Write one of evolve, ignore, dead-letter, fail.");
  }

  @Test
  void aSourceNamedTwiceIsADuplicateKey() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                  db:
                    type: test-files
                """),
            6,
            "sources.db")
        .hasMessageEndingWith(
            "duplicate key (first at line 4). Remove one of the two, or rename it.");
  }

  @Test
  void aColumnDeclaredTwiceIsADuplicateKey() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns:
                      id: STRING
                      amount: DECIMAL(12, 2)
                      id: BIGINT
                """),
            11,
            "sources.payments.columns.id")
        .hasMessageContaining("duplicate key (first at line 9)");
  }

  @Test
  void aKeyWrittenBothNestedAndDottedIsADuplicateKey() {
    failsAt(
            file(
                """
                  tenancy:
                    column: tenant_id
                  tenancy.column: tenant
                """),
            5,
            "pipeline.tenancy.column")
        .hasMessageContaining("duplicate key (first at line 4)");
  }

  @Test
  void aPasswordIsRefusedPointingToPasswordEnvAndPasswordFile() {
    failsAt(
            file(
                """
                sinks:
                  warehouse:
                    type: test-sink
                    url: jdbc:postgresql://db/warehouse
                    password: hunter2
                """),
            7,
            "sinks.warehouse.password")
        .hasMessageContaining("a password is never written in a pipeline file.")
        .hasMessageContaining("Use password-env: <VAR> or password-file: <path> instead");
  }

  @Test
  void aNameWithADotIsRefused() {
    failsAt(
            file(
                """
                sources:
                  shop.db:
                    type: test-cdc
                """),
            4,
            "sources.shop.db")
        .hasMessageContaining("'shop.db' is not a valid source name.")
        .hasMessageContaining("Use letters, digits, _ and -");
  }

  @Test
  void aColumnThatIsAListIsNeitherATypeNorAMapping() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns:
                      amount: [DECIMAL, 12]
                """),
            9,
            "sources.payments.columns.amount")
        .hasMessageContaining(
            "a column is a type (amount: DECIMAL(12, 2)) or a mapping of its options, not a list.")
        .hasMessageEndingWith("Write amount: {type: <TYPE>, required: true, ...}.");
  }

  @Test
  void anEmptyTablesMapIsRefused() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    hostname: localhost
                    tables: {}
                """),
            7,
            "sources.db.tables")
        .hasMessageContaining("tables: is empty. List the tables it reads: tables:");
  }

  @Test
  void anEmptyColumnsMapIsRefused() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns:
                """),
            8,
            "sources.payments.columns")
        .hasMessageContaining("columns: is empty. Declare each column read:");
  }

  @Test
  void aTableWithoutColumnsIsRefused() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    hostname: localhost
                    tables:
                      orders: {table: public.orders, view: stg_orders}
                """),
            8,
            "sources.db.tables.orders.columns")
        .hasMessageContaining("a table declares its columns. Declare each column read:");
  }

  @Test
  void anExpectationWithoutSqlIsMissingItsRequiredKey() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns: {amount: BIGINT}
                    expectations:
                      positive: {on-violation: warn}
                """),
            10,
            "sources.payments.expectations.positive.sql")
        .hasMessageContaining("a required key is missing. Add sql: Boolean Flink SQL expression");
  }

  @Test
  void aBadOnViolationListsTheChoices() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns: {amount: BIGINT}
                    expectations:
                      positive: {sql: amount > 0, on-violation: drop}
                """),
            10,
            "sources.payments.expectations.positive.on-violation")
        .hasMessageEndingWith("Write one of dead-letter, warn, fail.");
  }

  @Test
  void aYamlSyntaxErrorNamesItsLine() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                   hostname: localhost
                """),
            6,
            "")
        .hasMessageContaining("not valid YAML: ")
        .hasMessageEndingWith(
            "Check the indentation and quoting here (quote a value holding ': ', ' #', '[' or"
                + " '{').");
  }

  @Test
  void anUnknownTopLevelKeySuggestsTheSection() {
    failsAt(file("sinkz:\n  warehouse: {type: test-sink}\n"), 3, "sinkz")
        .hasMessageEndingWith(
            "unknown top-level key. Did you mean 'sinks'? Known keys: checkpoint, pipeline,"
                + " restarts, sinks, sources.");
  }

  @Test
  void aCheckpointKeyInsidePipelineIsUnknownThere() {
    failsAt(file("  checkpoint:\n    interval: 5 s\n"), 4, "pipeline.checkpoint.interval")
        .hasMessageContaining("unknown key.");
  }

  @Test
  void anUnknownCheckpointKeySuggestsTheKnownOne() {
    failsAt(file("checkpoint:\n  intervall: 5 s\n"), 4, "checkpoint.intervall")
        .hasMessageEndingWith(
            "Did you mean 'checkpoint.interval'? Known keys: checkpoint.dir, checkpoint.interval.");
  }

  @Test
  void anOverrideOfASourceTheFileDoesNotHaveNamesTheOnesItHas() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    hostname: localhost
                    tables:
                      orders: {table: public.orders, view: stg_orders, columns: {id: BIGINT}}
                """),
            Map.of("sources.nope.port", "1"),
            0,
            "sources.nope")
        .hasMessage(
            "test.yaml (override): sources.nope: the file has no source of this name. Its"
                + " sources: db; an override adding one sets its type too.");
  }

  @Test
  void aMultiTableSourceWithColumnsAtTheSourceLevelSaysToMoveThem() {
    failsAt(
            file(
                """
                sources:
                  db:
                    type: test-cdc
                    hostname: localhost
                    columns: {id: BIGINT}
                    tables:
                      orders: {table: public.orders, view: stg_orders, columns: {id: BIGINT}}
                """),
            7,
            "sources.db.columns")
        .hasMessageEndingWith(
            "a test-cdc source holds several tables, so columns belong to each table. Move it"
                + " under tables.<table>.columns.");
  }

  @Test
  void aSingleTableSourceWithTablesSaysToMoveTheirKeysUp() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    tables:
                      payments: {view: stg_payments, columns: {id: STRING}}
                """),
            7,
            "sources.payments.tables")
        .hasMessageEndingWith(
            "a test-files source is one table, so it has no tables:. Move the table's options,"
                + " columns: and expectations: up into sources.payments and remove tables:.");
  }

  @Test
  void aSourceWithoutTypeListsTheTypes() {
    failsAt(file("sources:\n  db:\n    hostname: localhost\n"), 4, "sources.db.type")
        .hasMessageEndingWith(
            "a required key is missing. Add type: one of files, kafka, postgres-cdc, test-cdc,"
                + " test-files.");
  }

  @Test
  void aColumnTypeThatIsNotAFlinkTypeIsRefused() {
    String yaml =
        file(
            """
            sources:
              payments:
                type: test-files
                path: /landing
                view: stg_payments
                columns:
                  amount: MONEY
                  paid: {type: "DECIMAL(12"}
            """);
    failsAt(yaml, 9, "sources.payments.columns.amount.type")
        .hasMessageContaining("'MONEY' is not a Flink SQL type.")
        .hasMessageEndingWith(
            "Write a Flink SQL type such as STRING, BIGINT, DECIMAL(12, 2), DATE, TIMESTAMP(3).");
    failsAt(
            yaml.replace("amount: MONEY", "amount: BIGINT"),
            10,
            "sources.payments.columns.paid.type")
        .hasMessageContaining("'DECIMAL(12' is not a Flink SQL type (");
  }

  @Test
  void aMetadataKeyTheSourceTypeDoesNotFillIsRefused() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns:
                      pos: {type: BIGINT, metadata: lines}
                """),
            9,
            "sources.payments.columns.pos.metadata")
        .hasMessageEndingWith(
            "a test-files source has no metadata 'lines'. Did you mean 'line'? Known metadata keys"
                + " of test-files: file, line.");
  }

  @Test
  void aPatternThatIsNotARegularExpressionIsRefused() {
    failsAt(
            file(
                """
                sources:
                  payments:
                    type: test-files
                    path: /landing
                    view: stg_payments
                    columns:
                      id: {type: STRING, pattern: "P-[0-9"}
                """),
            9,
            "sources.payments.columns.id.pattern")
        .hasMessageContaining("'P-[0-9' is not a Java regular expression (");
  }

  @Test
  void tenancyNeedsBothColumnAndAllowed() {
    failsAt(file("  tenancy: {column: tenant_id}\n"), 1, "pipeline.tenancy.allowed")
        .hasMessageEndingWith(
            "tenancy needs both column and allowed. Set tenancy: {column: <column>, allowed:"
                + " [<tenant>, ...]}, or neither.");
  }

  @Test
  void aPipelineWithoutANameIsMissingItsRequiredKey() {
    failsAt("pipeline:\n  sql-dir: .\n", 1, "pipeline.name")
        .hasMessageContaining("a required key is missing. Add name: Name of the pipeline");
  }

  @Test
  void anEmptyTargetSectionIsRefused() {
    failsAt(
            file(
                """
                sinks:
                  warehouse:
                    type: test-sink
                    url: jdbc:postgresql://db/warehouse
                    tables: {}
                """),
            7,
            "sinks.warehouse.tables")
        .hasMessageContaining("tables: is empty. List the views it serves: tables:")
        .hasMessageEndingWith(", or remove tables:.");
  }

  @Test
  void aTargetMappingWithoutItsRequiredKeyFailsAtTheView() {
    failsAt(
            file(
                """
                sinks:
                  warehouse:
                    type: test-sink
                    url: jdbc:postgresql://db/warehouse
                    tables:
                      cur_orders: {mode: append}
                """),
            8,
            "sinks.warehouse.tables.cur_orders.table")
        .hasMessageEndingWith("a required key is missing. Add table: Schema-qualified table.");
  }

  @Test
  void aFileThatIsNotAMappingIsRefused() {
    failsAt("- pipeline\n- sources\n", 1, "")
        .hasMessageContaining("the file must be a YAML mapping")
        .hasMessageEndingWith("Start it with pipeline: name: <name>.");
  }

  @Test
  void anEmptyFileIsRefused() {
    assertThatThrownBy(() -> Pipelines.parse("# nothing yet\n"))
        .isInstanceOf(PipelineFileException.class)
        .hasMessage("test.yaml: the file is empty. Start it with pipeline: name: <name>.");
  }

  @Test
  void aMissingFileIsNamedWithTheDirectoryARelativePathIsResolvedAgainst() {
    assertThatThrownBy(() -> PipelineFiles.load("no/such/pipeline.yaml", Map.of()))
        .isInstanceOf(PipelineFileException.class)
        .hasMessageStartingWith(
            "no/such/pipeline.yaml: no such file. Check the path; a relative one is resolved"
                + " against /");
    assertThatThrownBy(() -> PipelineFiles.load("classpath:sql/nope/pipeline.yaml", Map.of()))
        .isInstanceOf(PipelineFileException.class)
        .hasMessageStartingWith("classpath:sql/nope/pipeline.yaml: no such file on the classpath.");
  }
}
