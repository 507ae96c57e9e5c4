package dev.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once sink's commit protocol against a real Postgres, with a crash injected at every
 * step boundary; after each, the targets hold exactly the expected rows.
 */
class CommitProtocolITCase {

  @TempDir static Path temp;
  private static LocalStack stack;

  private PostgresEndpoint endpoint;
  private String schema;
  private PostgresTable items;
  private PostgresTable totals;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStackConfig.forTests(temp));
    stack.postgres().createDatabase("protocol");
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void createTargets() throws SQLException {
    schema = "t_" + UUID.randomUUID().toString().substring(0, 8);
    endpoint = new PostgresEndpoint(stack.postgres().jdbcUrl("protocol"), "postgres", null, null);
    sql(
        "CREATE SCHEMA " + schema,
        "CREATE TABLE "
            + schema
            + ".items (k BIGINT PRIMARY KEY, v TEXT NOT NULL, ver BIGINT NOT NULL)",
        "CREATE TABLE " + schema + ".totals (k BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
    items =
        new PostgresTable(
            schema + ".items",
            List.of("k", "v", "ver"),
            List.of("k"),
            "ver",
            Map.of("k", PgType.INTEGER, "v", PgType.TEXT, "ver", PgType.INTEGER));
    totals = new PostgresTable(schema + ".totals", List.of("k", "n"), List.of("k"));
    PostgresSinkPreflight.run(endpoint, schema + "_staging", List.of(items, totals));
  }

  private PostgresStagingWriter writer(long restoredCheckpoint, FailurePoint failures)
      throws Exception {
    return new PostgresStagingWriter(
        endpoint,
        "sink",
        schema + "_staging",
        Map.of(items.name(), items, totals.name(), totals),
        3,
        0,
        restoredCheckpoint,
        "test",
        null,
        null,
        failures,
        new UnregisteredMetricsGroup());
  }

  private PostgresMergeCommitter committer(FailurePoint failures) {
    return new PostgresMergeCommitter(
        endpoint,
        "test",
        "sink",
        schema + "_staging",
        Map.of(items.name(), items, totals.name(), totals),
        3600,
        null,
        null,
        failures,
        new UnregisteredMetricsGroup());
  }

  /** Fails the first {@code times} times the protocol reaches {@code step}. */
  static FailurePoint failAt(String step, int times) {
    AtomicInteger left = new AtomicInteger(times);
    return reached -> {
      if (reached.equals(step) && left.getAndDecrement() > 0) {
        throw new IllegalStateException("injected crash at " + step);
      }
    };
  }

  private void writeCheckpoint1(PostgresStagingWriter w) throws Exception {
    w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.INSERT, 1L, "a", 1L)), null);
    w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.INSERT, 2L, "b", 1L)), null);
    w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.INSERT, 3L, "c", 1L)), null);
    w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.UPDATE_BEFORE, 2L, "b", 1L)), null);
    w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.UPDATE_AFTER, 2L, "b2", 2L)), null);
    w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.DELETE, 3L, "c", 1L)), null);
    w.write(new PgChangeEncoder(totals).map(Row.ofKind(RowKind.INSERT, 1L, 2L)), null);
  }

  private static final List<String> EXPECTED_ITEMS = List.of("1|a|1", "2|b2|2");
  private static final List<String> EXPECTED_TOTALS = List.of("1|2");

  @Test
  void aCommittedCheckpointIsExactlyTheLastChangePerKeyAcrossTables() throws Exception {
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      writeCheckpoint1(w);
      Collection<PgBatch> batches = w.prepareCommit();
      assertThat(rows(items)).as("staged rows are invisible before the commit").isEmpty();
      List<Request> requests = requests(batches);
      commit(c, requests);
      assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("committed"));
    }
    assertExpected();
  }

  @Test
  void stagedRowsOlderThanTheRetentionAreDeletedByTheNextCommit() throws Exception {
    try (PostgresStagingWriter orphan = writer(0, FailurePoint.NONE)) {
      orphan.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.INSERT, 9L, "x", 1L)), null);
      orphan.prepareCommit();
    }
    sql(
        "UPDATE "
            + items.stagingTable(schema + "_staging")
            + " SET sluice_staged_at = now() - interval '2 hours', sluice_subtask = 7");
    assertThat(stagedRows())
        .as("an orphaned batch of a subtask gone after a rescale: no writer will commit it")
        .isEqualTo(1);
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      writeCheckpoint1(w);
      commit(c, requests(w.prepareCommit()));
    }
    assertThat(stagedRows()).as("the retention (1 h here) removed it").isZero();
    assertExpected();
  }

  @Test
  void rowsStagedForACheckpointThatNeverCompletedAreNeverMerged() throws Exception {
    try (PostgresStagingWriter w = writer(0, failAt("after-staging-write", 1))) {
      w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.INSERT, 9L, "x", 1L)), null);
      assertThatThrownBy(w::prepareCommit).hasMessageContaining("injected");
    }
    long abandoned = stagedRows();
    assertThat(abandoned).isPositive();
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      writeCheckpoint1(w);
      commit(c, requests(w.prepareCommit()));
    }
    assertThat(rows(items)).as("the abandoned row 9 is not merged").isEqualTo(EXPECTED_ITEMS);
    assertThat(rows(totals)).isEqualTo(EXPECTED_TOTALS);
    assertThat(stagedRows()).as("left for the staging retention").isEqualTo(abandoned);
  }

  @Test
  void aBatchWhoseCheckpointCompletedAsItsTaskDiedIsMergedAfterTheRestore() throws Exception {
    Collection<PgBatch> completed;
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE)) {
      writeCheckpoint1(w);
      completed = w.prepareCommit();
    }
    // The task died before it was told the checkpoint completed; the restored writer starts
    // (Flink may not tell it which checkpoint it came from) before the restored committer merges.
    try (PostgresStagingWriter restarted = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      List<Request> requests = requests(completed);
      commit(c, requests);
      assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("committed"));
    }
    assertExpected();
  }

  @Test
  void aCrashAfterTheMergeBeforeTheProgressRowRollsBackAndRetries() throws Exception {
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(failAt("after-merge-before-progress", 1))) {
      writeCheckpoint1(w);
      List<Request> requests = requests(w.prepareCommit());
      commit(c, requests);
      assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("retry"));
      assertThat(rows(items)).as("nothing applied by the failed transaction").isEmpty();
      commit(c, requests);
      assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("committed"));
    }
    assertExpected();
  }

  @Test
  void aCrashAfterTheDatabaseCommitMakesTheRecommitANoOp() throws Exception {
    List<Request> requests;
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(failAt("after-db-commit", 1))) {
      writeCheckpoint1(w);
      requests = requests(w.prepareCommit());
      assertThatThrownBy(() -> c.commit(new ArrayList<>(requests)))
          .hasMessageContaining("injected");
    }
    assertExpected();
    List<Request> again = requests(requests.stream().map(r -> r.batch).toList());
    try (PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      commit(c, again);
    }
    assertThat(again).allSatisfy(r -> assertThat(r.outcome).isEqualTo("already"));
    assertExpected();
  }

  @Test
  void crashesDuringRecoveryTwiceInARowStillEndExactlyOnce() throws Exception {
    List<PgBatch> batches;
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE)) {
      writeCheckpoint1(w);
      batches = new ArrayList<>(w.prepareCommit());
    }
    // The job died before committing; the restored committer fails twice before it succeeds.
    List<Request> requests = requests(batches);
    try (PostgresMergeCommitter c = committer(failAt("before-db-commit", 2))) {
      commit(c, requests);
      assertThat(rows(items)).isEmpty();
      commit(c, requests);
      assertThat(rows(items)).isEmpty();
      commit(c, requests);
    }
    assertThat(requests).allSatisfy(r -> assertThat(r.outcome).isEqualTo("committed"));
    assertExpected();
  }

  @Test
  void anOlderVersionNeverOverwritesANewerOne() throws Exception {
    try (PostgresStagingWriter w = writer(0, FailurePoint.NONE);
        PostgresMergeCommitter c = committer(FailurePoint.NONE)) {
      w.write(new PgChangeEncoder(items).map(Row.ofKind(RowKind.INSERT, 1L, "new", 5L)), null);
      commit(c, requests(w.prepareCommit()));
      w.write(
          new PgChangeEncoder(items).map(Row.ofKind(RowKind.UPDATE_AFTER, 1L, "old", 4L)), null);
      commit(c, requests(w.prepareCommit()));
    }
    assertThat(rows(items)).containsExactly("1|new|5");
  }

  @Test
  void preflightNamesWhatIsWrongWithATarget() throws SQLException {
    sql("CREATE TABLE " + schema + ".nokey (k BIGINT, v TEXT)");
    assertThatThrownBy(
            () ->
                PostgresSinkPreflight.run(
                    endpoint,
                    schema + "_staging",
                    List.of(new PostgresTable(schema + ".nokey", List.of("k", "v"), List.of("k")))))
        .hasMessageContaining("no primary key or unique index on exactly the merge key (k)");
    assertThatThrownBy(
            () ->
                PostgresSinkPreflight.run(
                    endpoint,
                    schema + "_staging",
                    List.of(
                        new PostgresTable(
                            schema + ".totals", List.of("k", "n", "extra"), List.of("k")))))
        .hasMessageContaining("lacks columns [extra]");
    assertThatThrownBy(
            () ->
                PostgresSinkPreflight.run(
                    endpoint,
                    schema + "_staging",
                    List.of(
                        new PostgresTable(
                            schema + ".totals",
                            List.of("k", "n"),
                            List.of("k"),
                            null,
                            Map.of("n", PgType.DATE)))))
        .hasMessageContaining("column " + schema + ".totals.n is bigint but receives DATE values");
  }

  private void assertExpected() throws SQLException {
    assertThat(rows(items)).isEqualTo(EXPECTED_ITEMS);
    assertThat(rows(totals)).isEqualTo(EXPECTED_TOTALS);
    assertThat(stagedRows()).as("staging emptied by the commit").isZero();
    assertThat(query("SELECT count(*) FROM " + schema + "_staging.sluice_sink_progress"))
        .containsExactly("1");
  }

  private long stagedRows() throws SQLException {
    return Long.parseLong(
            query("SELECT count(*) FROM " + items.stagingTable(schema + "_staging")).get(0))
        + Long.parseLong(
            query("SELECT count(*) FROM " + totals.stagingTable(schema + "_staging")).get(0));
  }

  private List<String> rows(PostgresTable table) throws SQLException {
    return query(
        "SELECT "
            + String.join(" || '|' || ", table.columns())
            + " FROM "
            + table.name()
            + " ORDER BY 1");
  }

  private List<String> query(String sql) throws SQLException {
    return Sql.column(endpoint, sql);
  }

  private void sql(String... statements) throws SQLException {
    Sql.execute(endpoint, statements);
  }

  /** One commit attempt; a request the committer does not signal counts as committed. */
  private static void commit(PostgresMergeCommitter c, List<Request> requests) throws Exception {
    requests.forEach(r -> r.outcome = "committed");
    c.commit(new ArrayList<>(requests));
  }

  private static List<Request> requests(Collection<PgBatch> batches) {
    return batches.stream().map(Request::new).toList();
  }

  /** A commit request as Flink's committer operator hands it over, recording the outcome. */
  static final class Request implements CommitRequest<PgBatch> {
    final PgBatch batch;
    String outcome = "committed";
    int retries;

    Request(PgBatch batch) {
      this.batch = batch;
    }

    @Override
    public PgBatch getCommittable() {
      return batch;
    }

    @Override
    public int getNumberOfRetries() {
      return retries;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      outcome = "failed";
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      outcome = "failed";
    }

    @Override
    public void retryLater() {
      retries++;
      outcome = "retry";
    }

    @Override
    public void updateAndRetryLater(PgBatch committable) {
      retryLater();
    }

    @Override
    public void signalAlreadyCommitted() {
      outcome = "already";
    }
  }
}
