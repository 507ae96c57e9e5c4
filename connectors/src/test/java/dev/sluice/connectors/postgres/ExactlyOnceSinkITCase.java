package dev.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import dev.sluice.stack.kit.Await;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once Postgres sink in a Flink job that crashes and restarts from checkpoints, while a
 * reader polls the targets: the final tables are exactly the expected set, no row ever goes back to
 * an older version, and no checkpoint is ever seen half-applied across the two tables; the same
 * crashes over a target without a version column, where a replayed batch would show in the final
 * rows. Then a lock held on a target backpressures the job through Flink instead of filling a
 * buffer.
 */
class ExactlyOnceSinkITCase {

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .build());

  private static final int KEYS = 150;

  /** Events per key of a tally, spread over KEYS * UPDATES events: several checkpoints. */
  private static final int UPDATES = 10;

  @TempDir static Path temp;
  private static LocalStack stack;
  private static PostgresEndpoint endpoint;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStackConfig.forTests(temp));
    stack.postgres().createDatabase("eo");
    endpoint = new PostgresEndpoint(stack.postgres().jdbcUrl("eo"), "postgres", null, null);
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  /** Event i: key i % KEYS at version i / KEYS + 1; every 7th version deletes the key. */
  static Row item(long i) {
    long version = i / KEYS + 1;
    RowKind kind = version % 7 == 0 ? RowKind.DELETE : RowKind.UPDATE_AFTER;
    return Row.ofKind(kind, i % KEYS, "v" + version, version);
  }

  /**
   * Event i of a tally run adds {@link #amount} to key {@code i / (KEYS * UPDATES) * KEYS + i %
   * KEYS}: each key takes UPDATES events across checkpoints and is never written again, so an older
   * batch re-applied after a newer one leaves it behind for good.
   */
  static long tallyKey(long i) {
    return i / (KEYS * UPDATES) * KEYS + i % KEYS;
  }

  /** Which of its key's events event i is, counting from 1. */
  static long update(long i) {
    return i % (KEYS * UPDATES) / KEYS + 1;
  }

  static long amount(long i) {
    return i % 97 + 1;
  }

  @Test
  void crashesAndRestartsEndExactlyOnceAndReadersNeverSeeRegressionOrHalfCheckpoints()
      throws Exception {
    Targets t = Targets.create();
    long events = 12_000;
    long seed = System.nanoTime();
    long[] failAt = failures(new Random(seed), events);
    String run = "seed " + seed + ", failures at " + Arrays.toString(failAt);
    StreamExecutionEnvironment env = environment();
    env.fromSource(
            new DataGeneratorSource<>(
                (GeneratorFunction<Long, Long>) i -> i, events, rate(4_000), Types.LONG),
            WatermarkStrategy.noWatermarks(),
            "events")
        .setParallelism(1)
        .keyBy(i -> i % KEYS)
        .flatMap(new ToChanges(t, failAt))
        .setParallelism(2)
        .sinkTo(t.sink(1_000))
        .setParallelism(1)
        .name("sink");
    Reader reader = new Reader(t);
    Thread polling = new Thread(reader, "reader");
    polling.start();
    JobClient job = env.executeAsync("eo-chaos");
    job.getJobExecutionResult().get();
    reader.stop.set(true);
    polling.join();

    assertThat(JobMetrics.restarts(METRICS, job.getJobID())).as("restarts, " + run).isEqualTo(3);
    assertThat(t.items()).as(run).isEqualTo(expected(events));
    assertThat(t.totals()).as(run).isEqualTo(t.versions());
    assertThat(reader.polls.get()).as("reader polls, " + run).isGreaterThan(20);
    assertThat(reader.violations).as(run).isEmpty();
    assertOneProgressRowPerCommittedBatch(job.getJobID(), t, run);
  }

  @Test
  void crashesAndRestartsNeverReplayACommittedBatchIntoATargetWithoutVersions() throws Exception {
    Targets t = Targets.create();
    long events = 12_000;
    long seed = System.nanoTime();
    long[] failAt = failures(new Random(seed), events);
    String run = "seed " + seed + ", failures at " + Arrays.toString(failAt);
    StreamExecutionEnvironment env = environment();
    env.fromSource(
            new DataGeneratorSource<>(
                (GeneratorFunction<Long, Long>) i -> i, events, rate(4_000), Types.LONG),
            WatermarkStrategy.noWatermarks(),
            "events")
        .setParallelism(1)
        .keyBy(ExactlyOnceSinkITCase::tallyKey)
        .flatMap(new Tally(t, failAt))
        .setParallelism(2)
        .sinkTo(t.tallySink())
        .setParallelism(1)
        .name("sink");
    JobClient job = env.executeAsync("eo-tallies");
    job.getJobExecutionResult().get();

    assertThat(JobMetrics.restarts(METRICS, job.getJobID())).as("restarts, " + run).isEqualTo(3);
    assertThat(differences(expectedTallies(events), t.tallies()))
        .as("keys whose total|updates differ; a replayed batch regresses or revives one, " + run)
        .isEmpty();
    assertOneProgressRowPerCommittedBatch(job.getJobID(), t, run);
  }

  @Test
  void aSlowDatabaseBackpressuresTheJobWithoutBuffering() throws Exception {
    Targets t = Targets.create();
    StreamExecutionEnvironment env = environment();
    env.fromSource(
            new DataGeneratorSource<>(
                (GeneratorFunction<Long, Long>) i -> i, 40_000, rate(2_000), Types.LONG),
            WatermarkStrategy.noWatermarks(),
            "events")
        .setParallelism(1)
        .name("events")
        .keyBy(i -> i % KEYS)
        .flatMap(new ToChanges(t, new long[0]))
        .setParallelism(2)
        .sinkTo(t.sink(500))
        .setParallelism(1);
    JobClient job = env.executeAsync("eo-backpressure");
    Await.until("the condition", Duration.ofSeconds(60), () -> !t.items().isEmpty());
    long stalled;
    try (Connection lock = endpoint.connect()) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE " + t.items.name() + " IN ACCESS EXCLUSIVE MODE");
      }
      // The committer blocks on the lock; the writer shares its thread; the source must stop:
      // its output count stays flat over consecutive reads (unthrottled it emits 1,000 per read).
      String progress = "SELECT count(*) FROM " + t.staging + ".sluice_sink_progress";
      List<String> committedBefore = t.query(progress);
      AtomicLong last = new AtomicLong(-1);
      Await.until(
          "the condition",
          Duration.ofSeconds(30),
          () -> {
            long now = emitted(job.getJobID());
            return now == last.getAndSet(now);
          });
      stalled = emitted(job.getJobID());
      assertThat(t.query(progress))
          .as("no commit while the target is locked")
          .isEqualTo(committedBefore);
      long staged =
          Long.parseLong(t.query("SELECT count(*) FROM " + t.items.stagingTable(t.staging)).get(0));
      assertThat(staged).as("staged rows while blocked stay bounded").isLessThan(20_000);
      lock.rollback();
    }
    assertThat(stalled).as("source stalled before the end").isLessThan(40_000);
    job.getJobExecutionResult().get();
    assertThat(emitted(job.getJobID())).isEqualTo(40_000);
    assertThat(t.items()).isEqualTo(expected(40_000));
  }

  /** Three failures at random events, one in each third of the run, in increasing order. */
  private static long[] failures(Random random, long events) {
    long[] failAt = new long[3];
    for (int k = 0; k < 3; k++) {
      failAt[k] = k * (events / 3) + 200 + random.nextInt((int) (events / 3) - 400);
    }
    return failAt;
  }

  /**
   * The progress table has one row per batch the committers counted as committed (over every
   * attempt), with their rows, and no (subtask, checkpoint) twice: no batch was merged twice.
   */
  private static void assertOneProgressRowPerCommittedBatch(JobID job, Targets t, String run)
      throws SQLException {
    String progress = t.staging + ".sluice_sink_progress";
    long batches = JobMetrics.sum(METRICS, job, "sink: Committer", "sluice_committed_batches");
    long rows = JobMetrics.sum(METRICS, job, "sink: Committer", "sluice_committed_rows");
    assertThat(batches).as("committed batches, " + run).isGreaterThan(5);
    assertThat(
            t.query("SELECT count(*) || ' batches of ' || sum(rows) || ' rows' FROM " + progress))
        .as("progress rows vs sluice_committed_batches and sluice_committed_rows, " + run)
        .containsExactly(batches + " batches of " + rows + " rows");
    assertThat(
            t.query(
                "SELECT subtask || '/' || checkpoint_id FROM "
                    + progress
                    + " GROUP BY subtask, checkpoint_id HAVING count(*) > 1"))
        .as("subtask/checkpoint committed in more than one batch, " + run)
        .isEmpty();
  }

  /**
   * The final tallies after events 0..n-1: key -> total|updates; a key's last event of every fourth
   * key deletes it.
   */
  private static Map<Long, String> expectedTallies(long n) {
    Map<Long, Long> totals = new HashMap<>();
    Map<Long, String> expected = new TreeMap<>();
    for (long i = 0; i < n; i++) {
      long key = tallyKey(i);
      long total = totals.merge(key, amount(i), Long::sum);
      if (update(i) == UPDATES && key % 4 == 0) {
        expected.remove(key);
      } else {
        expected.put(key, total + "|" + update(i));
      }
    }
    return expected;
  }

  /** "key: expected ..., was ..." for every key on which the two maps differ. */
  private static List<String> differences(Map<Long, String> expected, Map<Long, String> actual) {
    TreeSet<Long> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    return keys.stream()
        .filter(k -> !Objects.equals(expected.get(k), actual.get(k)))
        .map(k -> k + ": expected " + expected.get(k) + ", was " + actual.get(k))
        .toList();
  }

  /** The final image of items after events 0..n-1. */
  private static Map<Long, String> expected(long n) {
    Map<Long, String> expected = new TreeMap<>();
    for (long i = 0; i < n; i++) {
      Row r = item(i);
      long key = (Long) r.getField(0);
      if (r.getKind() == RowKind.DELETE) {
        expected.remove(key);
      } else {
        expected.put(key, r.getField(1) + "|" + r.getField(2));
      }
    }
    return expected;
  }

  private static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    env.configure(conf);
    env.enableCheckpointing(200);
    return env;
  }

  private static RateLimiterStrategy rate(double perSecond) {
    return RateLimiterStrategy.perSecond(perSecond);
  }

  private static long emitted(JobID job) {
    return METRICS.findOperatorMetricGroups(job, "events").stream()
        .mapToLong(g -> g.getIOMetricGroup().getNumRecordsOutCounter().getCount())
        .sum();
  }

  /** Throws at event {@code failAt[a]} of attempt a. */
  private static void failIfDue(RichFlatMapFunction<?, ?> f, long[] failAt, long i) {
    int attempt = f.getRuntimeContext().getTaskInfo().getAttemptNumber();
    if (attempt < failAt.length && i == failAt[attempt]) {
      throw new IllegalStateException("injected failure at event " + i + ", attempt " + attempt);
    }
  }

  /** Each event becomes a change of {@code items} and of {@code totals} with the same version. */
  private static final class ToChanges extends RichFlatMapFunction<Long, PgChange> {
    private final PgChangeEncoder items;
    private final PgChangeEncoder totals;
    private final long[] failAt;

    ToChanges(Targets t, long[] failAt) {
      this.items = new PgChangeEncoder(t.items);
      this.totals = new PgChangeEncoder(t.totals);
      this.failAt = failAt;
    }

    @Override
    public void flatMap(Long i, Collector<PgChange> out) {
      failIfDue(this, failAt, i);
      Row row = item(i);
      out.collect(items.map(row));
      out.collect(totals.map(Row.ofKind(row.getKind(), row.getField(0), row.getField(2))));
    }
  }

  /** A running total per key in Flink state, as an aggregate's changelog: +I, -U/+U, -D. */
  private static final class Tally extends RichFlatMapFunction<Long, PgChange> {
    private final PgChangeEncoder tallies;
    private final long[] failAt;
    private transient ValueState<Long> total;

    Tally(Targets t, long[] failAt) {
      this.tallies = new PgChangeEncoder(t.tallies);
      this.failAt = failAt;
    }

    @Override
    public void open(OpenContext context) {
      total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
    }

    @Override
    public void flatMap(Long i, Collector<PgChange> out) throws Exception {
      failIfDue(this, failAt, i);
      long key = tallyKey(i);
      long n = update(i);
      Long before = total.value();
      long after = (before == null ? 0 : before) + amount(i);
      total.update(after);
      if (before == null) {
        out.collect(tallies.map(Row.ofKind(RowKind.INSERT, key, after, n)));
      } else if (n == UPDATES && key % 4 == 0) {
        out.collect(tallies.map(Row.ofKind(RowKind.DELETE, key, before, n - 1)));
      } else {
        out.collect(tallies.map(Row.ofKind(RowKind.UPDATE_BEFORE, key, before, n - 1)));
        out.collect(tallies.map(Row.ofKind(RowKind.UPDATE_AFTER, key, after, n)));
      }
    }
  }

  /** Target tables in their own schema: the sink over items and totals, and one over tallies. */
  private static final class Targets implements Serializable {
    final String schema = "eo_" + UUID.randomUUID().toString().substring(0, 8);
    final String staging = schema + "_staging";
    final PostgresTable items =
        new PostgresTable(
            schema + ".items",
            List.of("k", "v", "ver"),
            List.of("k"),
            "ver",
            Map.of("k", PgType.INTEGER, "v", PgType.TEXT, "ver", PgType.INTEGER));
    final PostgresTable totals =
        new PostgresTable(schema + ".totals", List.of("k", "ver"), List.of("k"), "ver", Map.of());
    final PostgresTable tallies =
        new PostgresTable(schema + ".tallies", List.of("k", "total", "n"), List.of("k"));

    static Targets create() throws SQLException {
      Targets t = new Targets();
      try (Connection c = endpoint.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + t.schema);
        st.execute(
            "CREATE TABLE " + t.items.name() + " (k BIGINT PRIMARY KEY, v TEXT, ver BIGINT)");
        st.execute("CREATE TABLE " + t.totals.name() + " (k BIGINT PRIMARY KEY, ver BIGINT)");
        st.execute(
            "CREATE TABLE " + t.tallies.name() + " (k BIGINT PRIMARY KEY, total BIGINT, n BIGINT)");
      }
      return t;
    }

    PostgresExactlyOnceSink sink(int maxBuffered) {
      return PostgresExactlyOnceSink.builder()
          .endpoint(endpoint)
          .sinkName("eo-test")
          .stagingSchema(staging)
          .table(items)
          .table(totals)
          .maxBufferedChanges(maxBuffered)
          .build();
    }

    PostgresExactlyOnceSink tallySink() {
      return PostgresExactlyOnceSink.builder()
          .endpoint(endpoint)
          .sinkName("eo-tallies")
          .stagingSchema(staging)
          .table(tallies)
          .maxBufferedChanges(1_000)
          .build();
    }

    Map<Long, String> items() {
      return map("SELECT k, v || '|' || ver FROM " + items.name());
    }

    Map<Long, String> totals() {
      return map("SELECT k, ver::text FROM " + totals.name());
    }

    Map<Long, String> versions() {
      return map("SELECT k, ver::text FROM " + items.name());
    }

    Map<Long, String> tallies() {
      return map("SELECT k, total || '|' || n FROM " + tallies.name());
    }

    /** The query's first column, a number, to its second, in the keys' order. */
    Map<Long, String> map(String sql) {
      Map<Long, String> out = new TreeMap<>();
      try {
        Sql.map(endpoint, sql).forEach((k, v) -> out.put(Long.parseLong(k), v));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return out;
    }

    List<String> query(String sql) throws SQLException {
      return Sql.column(endpoint, sql);
    }
  }

  /** Polls both tables in one snapshot; records any regression or half-applied checkpoint. */
  private static final class Reader implements Runnable {
    final Targets t;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong polls = new AtomicLong();
    final List<String> violations = new ArrayList<>();
    final Map<Long, Long> highest = new HashMap<>();

    Reader(Targets t) {
      this.t = t;
    }

    @Override
    public void run() {
      try (Connection c = endpoint.connect()) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        while (!stop.get() && violations.size() < 10) {
          Map<Long, Long> items = versions(c, "SELECT k, ver FROM " + t.items.name());
          Map<Long, Long> totals = versions(c, "SELECT k, ver FROM " + t.totals.name());
          c.commit();
          polls.incrementAndGet();
          if (!items.equals(totals)) {
            violations.add(
                "half-applied checkpoint: items "
                    + items.size()
                    + " keys vs totals "
                    + totals.size());
          }
          for (Map.Entry<Long, Long> e : items.entrySet()) {
            Long seen = highest.get(e.getKey());
            if (seen != null && e.getValue() < seen) {
              violations.add(
                  "key " + e.getKey() + " went back from " + seen + " to " + e.getValue());
            }
            highest.merge(e.getKey(), e.getValue(), Math::max);
          }
        }
      } catch (SQLException e) {
        violations.add("reader failed: " + e);
      }
    }

    private static Map<Long, Long> versions(Connection c, String sql) throws SQLException {
      Map<Long, Long> out = new HashMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getLong(2));
        }
      }
      return out;
    }
  }
}
