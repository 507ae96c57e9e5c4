package dev.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows the target rejects with a data error — in the writer's COPY or in the committer's merge —
 * become SINK_REJECTED dead letters while the rest of each checkpoint commits and the job never
 * restarts; a crash between such a merge and its commit neither loses nor doubles a letter.
 */
class RejectedRowsITCase {

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .build());

  /** 6,000 letters that do not compress: too big for a btree entry (at most 2,704 bytes). */
  private static final String HUGE_ID = hugeId();

  @TempDir static Path temp;
  private static LocalStack stack;
  private static PostgresEndpoint endpoint;

  private String schema;
  private PostgresTable accounts;
  private PostgresTable letters;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStackConfig.forTests(temp));
    stack.postgres().createDatabase("rejects");
    endpoint = new PostgresEndpoint(stack.postgres().jdbcUrl("rejects"), "postgres", null, null);
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void createTables() throws SQLException {
    schema = "rj_" + UUID.randomUUID().toString().substring(0, 8);
    accounts =
        new PostgresTable(
            schema + ".accounts",
            List.of("tenant", "id", "code", "amount", "owner", "email", "note"),
            List.of("tenant", "id"));
    letters =
        new PostgresTable(
            schema + ".dead_letters",
            DeadLetterSinks.COLUMNS,
            List.of("source", "position", "reason"));
    Sql.execute(
        endpoint,
        "CREATE SCHEMA " + schema,
        "CREATE TABLE "
            + accounts.name()
            + " (tenant TEXT, id TEXT, code VARCHAR(5), amount BIGINT CHECK (amount >= 0),"
            + " owner TEXT NOT NULL, email TEXT UNIQUE, note TEXT, PRIMARY KEY (tenant, id))",
        String.format(DeadLetterSinks.TABLE_DDL, letters.name()));
  }

  @Test
  void rejectedRowsBecomeDeadLettersAndEverythingElseCommitsWithoutARestart() throws Exception {
    List<PgChange> changes = Events.changes(accounts, letters);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    env.configure(conf);
    env.enableCheckpointing(100);
    env.fromSource(
            new DataGeneratorSource<>(
                new Events(accounts, letters),
                changes.size(),
                RateLimiterStrategy.perSecond(150),
                TypeInformation.of(PgChange.class)),
            WatermarkStrategy.noWatermarks(),
            "changes")
        .setParallelism(1)
        .sinkTo(
            PostgresExactlyOnceSink.builder()
                .endpoint(endpoint)
                .job("shop")
                .sinkName("rejects")
                .stagingSchema(schema + "_staging")
                .table(accounts)
                .table(letters)
                .rejectsTo(letters.name())
                .maxBufferedChanges(20)
                .build())
        .setParallelism(1)
        .name("sink");
    JobClient job = env.executeAsync("rejected-rows");
    job.getJobExecutionResult().get();

    assertThat(JobMetrics.restarts(METRICS, job.getJobID())).as("the job never restarted").isZero();
    assertThat(accounts()).isEqualTo(expectedAccounts(changes));
    Map<String, String> rejected = rejectedLetters();
    String key = accounts.name() + " key=(acme,";
    assertThat(rejected)
        .as("one letter per rejected row: position -> detail")
        .hasSize(7)
        .containsKeys(
            key + "nul)",
            key + "long-code)",
            key + "negative)",
            key + "no-owner)",
            key + "dup-email)",
            "orders@file.csv:7");
    assertThat(rejected.get(key + "nul)"))
        .startsWith(accounts.name() + " rejected the row: SQLSTATE 22021 ");
    assertThat(rejected.get(key + "long-code)")).contains("SQLSTATE 22001 ", "column code");
    assertThat(rejected.get(key + "negative)")).contains("SQLSTATE 23514 ");
    assertThat(rejected.get(key + "no-owner)")).contains("SQLSTATE 23502 ", "column owner");
    assertThat(rejected.get(key + "dup-email)")).contains("SQLSTATE 23505 ");
    assertThat(rejected.get("orders@file.csv:7"))
        .startsWith(letters.name() + " rejected the row: SQLSTATE 22021 ");
    String huge =
        rejected.keySet().stream().filter(p -> p.startsWith(key + "xz")).findFirst().orElseThrow();
    assertThat(huge)
        .as("a position short enough for the letters' key")
        .hasSizeLessThanOrEqualTo(DeadLetter.MAX_KEY_CHARS);
    assertThat(rejected.get(huge)).contains("SQLSTATE 54000 ");
    assertThat(
            Sql.column(
                endpoint, "SELECT count(*) FROM " + letters.name() + " WHERE reason = 'MALFORMED'"))
        .as("the good letter of the stream")
        .containsExactly("1");
    assertThat(
            Sql.column(
                endpoint,
                "SELECT concat_ws('|', source, stage, pipeline, payload, payload_bytes,"
                    + " job_id = '"
                    + job.getJobID()
                    + "') FROM "
                    + letters.name()
                    + " WHERE position = '"
                    + key
                    + "nul)'"))
        .as("the letter of the NUL: its payload is the row as sent, the NUL escaped")
        .containsExactly(
            accounts.name()
                + "|serve|shop|\"acme\",\"nul\",\"c1\",1,\"o\",\"nul@x\",\"a\\u0000b\"|37|t");

    long committed =
        JobMetrics.sum(METRICS, job.getJobID(), "sink: Committer", "sluice_committed_batches");
    assertThat(committed).isPositive();
    assertThat(
            Sql.column(
                endpoint, "SELECT count(*) FROM " + schema + "_staging.sluice_sink_progress"))
        .as("one progress row per committed batch")
        .containsExactly(Long.toString(committed));
    assertThat(
            JobMetrics.sum(METRICS, job.getJobID(), "sink: Writer", "sluice_rejected_rows")
                + JobMetrics.sum(
                    METRICS, job.getJobID(), "sink: Committer", "sluice_rejected_rows"))
        .isEqualTo(7);
    for (PostgresTable table : List.of(accounts, letters)) {
      assertThat(
              Sql.column(
                  endpoint, "SELECT count(*) FROM " + table.stagingTable(schema + "_staging")))
          .as("no staged rows left behind")
          .containsExactly("0");
    }
  }

  @Test
  void aCrashBetweenTheMergeOfARejectedRowAndTheCommitNeitherLosesNorDoublesItsLetter()
      throws Exception {
    PostgresSinkPreflight.run(endpoint, schema + "_staging", List.of(accounts, letters));
    PgChangeEncoder account = new PgChangeEncoder(accounts);
    Collection<PgBatch> batches;
    try (PostgresStagingWriter w = writer(letters.name())) {
      w.write(account.map(Events.good(0, 1)), null);
      w.write(account.map(Events.bad("negative", "c1", -5L, "o", null)), null);
      w.write(account.map(Events.good(0, 2)), null);
      batches = w.prepareCommit();
    }
    List<CommitProtocolITCase.Request> requests =
        batches.stream().map(CommitProtocolITCase.Request::new).toList();
    // The merge isolates the row and writes its letter; the attempt dies before the commit.
    try (PostgresMergeCommitter c = committer(CommitProtocolITCase.failAt("before-db-commit", 1))) {
      c.commit(new ArrayList<>(requests));
    }
    assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("retry"));
    assertThat(accounts()).isEmpty();
    assertThat(rejectedLetters()).isEmpty();
    // The restored committer commits it; it dies right after the commit.
    try (PostgresMergeCommitter c = committer(CommitProtocolITCase.failAt("after-db-commit", 1))) {
      assertThatThrownBy(() -> c.commit(new ArrayList<>(requests))).hasMessageContaining("crash");
    }
    // Restored again: the re-commit is a no-op.
    requests.forEach(r -> r.outcome = "committed");
    try (PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      c.commit(new ArrayList<>(requests));
    }
    assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("already"));
    assertThat(accounts()).containsOnlyKeys("k1", "k2");
    Map<String, String> rejected = rejectedLetters();
    assertThat(rejected).containsOnlyKeys(accounts.name() + " key=(acme,negative)");
    assertThat(rejected.values()).singleElement(STRING).contains("SQLSTATE 23514 ");
    assertThat(Sql.column(endpoint, "SELECT count(*) FROM " + letters.name())).containsExactly("1");
    assertThat(
            Sql.column(
                endpoint, "SELECT count(*) FROM " + schema + "_staging.sluice_sink_progress"))
        .containsExactly("1");
    assertThat(
            Sql.column(
                endpoint, "SELECT count(*) FROM " + accounts.stagingTable(schema + "_staging")))
        .containsExactly("0");
  }

  @Test
  void withoutRejectsToADataErrorFailsAsBeforeAndSaysWhatWouldIsolateIt() throws Exception {
    PostgresSinkPreflight.run(endpoint, schema + "_staging", List.of(accounts, letters));
    try (PostgresStagingWriter w = writer(null)) {
      w.write(new PgChangeEncoder(accounts).map(Events.bad("nul", "c1", 1L, "o", "a\0b")), null);
      assertThatThrownBy(w::prepareCommit)
          .hasMessageContaining("SQLSTATE 22021")
          .hasMessageContaining("rejectsTo(<dead-letter table>) would isolate");
    }
    PostgresExactlyOnceSink.Builder sink =
        PostgresExactlyOnceSink.builder()
            .endpoint(endpoint)
            .sinkName("rejects")
            .stagingSchema(schema + "_staging")
            .table(accounts)
            .table(letters);
    assertThatThrownBy(() -> sink.rejectsTo(accounts.name()).build())
        .hasMessageContaining("a dead-letter table has the columns");
    assertThatThrownBy(() -> sink.rejectsTo("ops.dead_letters").build())
        .hasMessageContaining("must be one of the sink's tables");
  }

  private PostgresStagingWriter writer(String rejectsTo) throws Exception {
    return new PostgresStagingWriter(
        endpoint,
        "sink",
        schema + "_staging",
        Map.of(accounts.name(), accounts, letters.name(), letters),
        100,
        0,
        0,
        "shop",
        rejectsTo,
        "job-1",
        FailurePoint.NONE,
        new UnregisteredMetricsGroup());
  }

  private PostgresMergeCommitter committer(FailurePoint failures) {
    return new PostgresMergeCommitter(
        endpoint,
        "shop",
        "sink",
        schema + "_staging",
        Map.of(accounts.name(), accounts, letters.name(), letters),
        3600,
        letters.name(),
        "job-1",
        failures,
        new UnregisteredMetricsGroup());
  }

  /** The target's rows: id -> code|amount|owner|email|note. */
  private Map<String, String> accounts() throws SQLException {
    return Sql.map(
        endpoint,
        "SELECT id, concat_ws('|', code, amount, owner, email, note) FROM " + accounts.name());
  }

  /** The last change of every good key of {@code changes}. */
  private Map<String, String> expectedAccounts(List<PgChange> changes) {
    Map<String, String> out = new TreeMap<>();
    for (PgChange change : changes) {
      if (!change.table.equals(accounts.name()) || !Events.GOOD.matcher(change.key).find()) {
        continue;
      }
      String id = change.key.substring(change.key.indexOf(",\"") + 2, change.key.length() - 1);
      if (change.delete) {
        out.remove(id);
      } else {
        List<String> fields = new ArrayList<>();
        for (String f : change.csv.split(",")) {
          fields.add(f.replace("\"", ""));
        }
        out.put(id, String.join("|", fields.subList(2, fields.size())));
      }
    }
    return out;
  }

  /** SINK_REJECTED letters: position -> detail. */
  private Map<String, String> rejectedLetters() throws SQLException {
    return Sql.map(
        endpoint,
        "SELECT position, detail FROM " + letters.name() + " WHERE reason = 'SINK_REJECTED'");
  }

  private static String hugeId() {
    Random random = new Random(42);
    StringBuilder id = new StringBuilder("xz");
    while (id.length() < 6000) {
      id.append((char) ('a' + random.nextInt(26)));
    }
    return id.toString();
  }

  /**
   * The stream: three rounds of good upserts of 30 keys (the last round deletes every tenth key),
   * with bad rows between them — each on a key of its own — and two letters, one bad.
   */
  private static final class Events implements GeneratorFunction<Long, PgChange> {
    static final Pattern GOOD = Pattern.compile(",\"k\\d+\"$");

    private final PostgresTable accounts;
    private final PostgresTable letters;
    private transient List<PgChange> changes;

    Events(PostgresTable accounts, PostgresTable letters) {
      this.accounts = accounts;
      this.letters = letters;
    }

    @Override
    public PgChange map(Long i) {
      if (changes == null) {
        changes = changes(accounts, letters);
      }
      return changes.get(i.intValue());
    }

    static List<PgChange> changes(PostgresTable accounts, PostgresTable letters) {
      PgChangeEncoder account = new PgChangeEncoder(accounts);
      PgChangeEncoder letter = new PgChangeEncoder(letters);
      List<PgChange> out = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int k = 0; k < 30; k++) {
          RowKind kind = round == 2 && k % 10 == 0 ? RowKind.DELETE : RowKind.UPDATE_AFTER;
          Row row = good(round, k);
          row.setKind(kind);
          out.add(account.map(row));
        }
        if (round == 0) {
          out.add(account.map(bad("nul", "c1", 1L, "o", "a\0b")));
          out.add(account.map(bad("long-code", "toolong", 1L, "o", null)));
        } else if (round == 1) {
          out.add(account.map(bad("negative", "c1", -5L, "o", null)));
          out.add(account.map(bad("no-owner", "c1", 1L, null, null)));
          out.add(account.map(bad(HUGE_ID, "c1", 1L, "o", null)));
          out.add(letter.map(deadLetter("file.csv:7", "bad\0byte")));
          out.add(letter.map(deadLetter("file.csv:8", "fine")));
        }
      }
      // k3 keeps its e-mail in every round: this later row takes it.
      Row dup = bad("dup-email", "c1", 1L, "o", null);
      dup.setField(5, "k3@x");
      out.add(account.map(dup));
      return out;
    }

    static Row good(int round, int k) {
      return Row.ofKind(
          RowKind.UPDATE_AFTER,
          "acme",
          "k" + k,
          "c" + round,
          (long) (round * 100 + k),
          "o" + k,
          "k" + k + "@x",
          "round " + round);
    }

    static Row bad(String id, String code, Long amount, String owner, String note) {
      String email = id.substring(0, Math.min(8, id.length())) + "@x";
      return Row.ofKind(RowKind.INSERT, "acme", id, code, amount, owner, email, note);
    }

    private static Row deadLetter(String position, String detail) {
      return Row.ofKind(
          RowKind.INSERT,
          "orders",
          position,
          "MALFORMED",
          "shop",
          "staging",
          detail,
          "{}",
          2L,
          Instant.parse("2026-01-01T00:00:00Z"),
          "job");
    }
  }
}
