package dev.sluice.bench;

import dev.sluice.connectors.postgres.PgChange;
import dev.sluice.connectors.postgres.PgChangeEncoder;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.connectors.postgres.PostgresExactlyOnceSink;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.XADataSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableSupplier;
import org.postgresql.PGConnection;
import org.postgresql.xa.PGXADataSource;

/**
 * {@code bin/sluice bench sink [--rows N]}: loads the same N rows into one embedded Postgres
 * through (a) plain COPY, (b) Sluice's exactly-once sink, (c) Flink's XA exactly-once JDBC sink,
 * (d) Flink's at-least-once JDBC upsert sink; checks each result and prints rows/s.
 */
public final class SinkBenchmark {

  private static final long CHECKPOINT_MS = 2_000;
  private static final String COPY = "(a) plain COPY, no key (ceiling)";
  private static final String XA = "(c) Flink JdbcSink.exactlyOnceSink (XA)";

  private final long rows;
  private final PostgresEndpoint endpoint;
  private final String url;

  private SinkBenchmark(long rows, String url) {
    this.rows = rows;
    this.url = url;
    this.endpoint = new PostgresEndpoint(url, "postgres", null, null);
  }

  public static void main(String[] args) throws Exception {
    long rows = 2_000_000;
    String variants = "abcd";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rows") && i + 1 < args.length) {
        rows = Long.parseLong(args[++i].replace("_", ""));
      } else if (args[i].equals("--variants") && i + 1 < args.length) {
        variants = args[++i];
      } else {
        System.err.println("usage: bench sink [--rows N] [--variants abcd]");
        System.exit(2);
      }
    }
    Path work = Path.of("work", "bench").toAbsolutePath();
    try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(work.resolve("stack")))) {
      stack.postgres().createDatabase("bench");
      new SinkBenchmark(rows, stack.postgres().jdbcUrl("bench")).run(variants);
    }
    System.exit(0);
  }

  private void run(String variants) throws Exception {
    sql("CREATE SCHEMA IF NOT EXISTS bench");
    Map<String, Double> rates = new LinkedHashMap<>();
    if (variants.contains("a")) {
      rates.put(COPY, measure("copy", false, this::copy));
    }
    if (variants.contains("b")) {
      rates.put("(b) Sluice exactly-once sink", measure("sluice", true, this::sluice));
    }
    if (variants.contains("c")) {
      rates.put(XA, measure("xa", true, this::xa));
    }
    if (variants.contains("d")) {
      rates.put("(d) Flink JDBC at-least-once upsert", measure("alo", true, this::atLeastOnce));
    }
    String table = table(rates);
    System.out.println(table);
    Path results = Path.of("bench", "results", "sink.md");
    Files.createDirectories(results.getParent());
    Files.writeString(results, table);
    System.out.println("written to " + results.toAbsolutePath());
  }

  /** One variant: a fresh table, the load timed, the result checked. */
  private double measure(String name, boolean keyed, Load load) throws Exception {
    String table = "bench." + name;
    sql(
        "DROP TABLE IF EXISTS " + table,
        "CREATE TABLE "
            + table
            + " ("
            + BenchRows.COLUMN_TYPES
            + (keyed ? ", PRIMARY KEY (id))" : ")"));
    System.out.printf("%-8s loading %,d rows...%n", name, rows);
    long start = System.nanoTime();
    load.into(table);
    double seconds = (System.nanoTime() - start) / 1e9;
    verify(table, keyed);
    double rate = rows / seconds;
    System.out.printf("%-8s %,.0f rows/s (%.1f s)%n", name, rate, seconds);
    return rate;
  }

  private interface Load {
    void into(String table) throws Exception;
  }

  private void copy(String table) throws Exception {
    try (Connection c = endpoint.connect()) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY " + table + " FROM STDIN (FORMAT csv)", new RowsReader(rows));
    }
  }

  private void sluice(String table) throws Exception {
    PostgresTable target = new PostgresTable(table, BenchRows.COLUMNS, List.of("id"));
    PgChangeEncoder encoder = new PgChangeEncoder(target);
    StreamExecutionEnvironment env = environment();
    source(env)
        .map(i -> encoder.map(BenchRows.row(i)))
        .returns(PgChange.class)
        .sinkTo(
            PostgresExactlyOnceSink.builder()
                .endpoint(endpoint)
                .sinkName("bench-" + System.nanoTime())
                .stagingSchema("bench_staging")
                .table(target)
                .build())
        .disableChaining();
    env.execute("bench-sluice");
  }

  private void xa(String table) throws Exception {
    String jdbcUrl = url;
    SerializableSupplier<XADataSource> dataSource =
        () -> {
          PGXADataSource ds = new PGXADataSource();
          ds.setUrl(jdbcUrl);
          ds.setUser("postgres");
          return ds;
        };
    StreamExecutionEnvironment env = environment();
    source(env)
        .sinkTo(
            JdbcSink.<Long>builder()
                .withQueryStatement(upsert(table), (st, i) -> BenchRows.bind(st, i))
                .withExecutionOptions(executionOptions())
                .buildExactlyOnce(
                    JdbcExactlyOnceOptions.builder().withTransactionPerConnection(true).build(),
                    dataSource));
    env.execute("bench-xa");
  }

  private void atLeastOnce(String table) throws Exception {
    StreamExecutionEnvironment env = environment();
    source(env)
        .sinkTo(
            JdbcSink.<Long>builder()
                .withQueryStatement(upsert(table), (st, i) -> BenchRows.bind(st, i))
                .withExecutionOptions(executionOptions())
                .buildAtLeastOnce(
                    new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(url)
                        .withUsername("postgres")
                        .withDriverName("org.postgresql.Driver")
                        .build()));
    env.execute("bench-at-least-once");
  }

  private static JdbcExecutionOptions executionOptions() {
    return JdbcExecutionOptions.builder()
        .withBatchSize(5_000)
        .withBatchIntervalMs(1_000)
        .withMaxRetries(0)
        .build();
  }

  private static String upsert(String table) {
    String updates =
        BenchRows.COLUMNS.stream()
            .filter(c -> !c.equals("id"))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", BenchRows.COLUMNS)
        + ") VALUES ("
        + BenchRows.COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "))
        + ") ON CONFLICT (id) DO UPDATE SET "
        + updates;
  }

  private StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.enableCheckpointing(CHECKPOINT_MS);
    return env;
  }

  private DataStream<Long> source(StreamExecutionEnvironment env) {
    return env.fromSource(
        new DataGeneratorSource<>((GeneratorFunction<Long, Long>) i -> i, rows, Types.LONG),
        WatermarkStrategy.noWatermarks(),
        "rows");
  }

  /** Keyed loads must hold each key's last row; the COPY ceiling holds every row. */
  private void verify(String table, boolean keyed) throws SQLException {
    long expectedRows = keyed ? BenchRows.distinctKeys(rows) : rows;
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      if (rs.getLong(1) != expectedRows) {
        throw new IllegalStateException(
            table + " holds " + rs.getLong(1) + " rows, expected " + expectedRows);
      }
    }
    if (keyed) {
      long last = rows - 1;
      try (Connection c = endpoint.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT note FROM " + table + " WHERE id = " + BenchRows.key(last))) {
        if (!rs.next() || !rs.getString(1).equals("note-" + last)) {
          throw new IllegalStateException(table + " does not hold the last row's image");
        }
      }
    }
  }

  private String table(Map<String, Double> rates) {
    double copy = rates.getOrDefault(COPY, Double.NaN);
    double xa = rates.getOrDefault(XA, Double.NaN);
    StringBuilder out = new StringBuilder();
    out.append("# Postgres sink benchmark\n\n");
    out.append(
        String.format(
            "%s; %,d rows, 10 columns, 20 %% updates of earlier keys; checkpoint every %d ms;"
                + " parallelism 1; embedded Postgres 17 on the same machine (%d cores, %.0f GiB"
                + " heap max); command: bin/sluice bench sink --rows %d%n%n",
            LocalDate.now(),
            rows,
            CHECKPOINT_MS,
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() / 1024.0 / 1024 / 1024,
            rows));
    out.append("| variant | rows/s | vs (a) COPY | vs (c) XA |\n|---|---:|---:|---:|\n");
    rates.forEach(
        (name, rate) ->
            out.append(
                String.format(
                    "| %s | %,.0f | %.0f %% | %.2fx |%n",
                    name, rate, 100 * rate / copy, rate / xa)));
    return out.toString();
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = endpoint.connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** Streams the rows as CSV without materializing them. */
  private static final class RowsReader extends Reader {
    private final long rows;
    private long next;
    private String pending = "";
    private int pos;

    RowsReader(long rows) {
      this.rows = rows;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      int written = 0;
      while (written < len) {
        if (pos == pending.length()) {
          if (next == rows) {
            return written == 0 ? -1 : written;
          }
          pending = BenchRows.csv(next++);
          pos = 0;
        }
        int n = Math.min(len - written, pending.length() - pos);
        pending.getChars(pos, pos + n, buf, off + written);
        pos += n;
        written += n;
      }
      return written;
    }

    @Override
    public void close() {}
  }
}
