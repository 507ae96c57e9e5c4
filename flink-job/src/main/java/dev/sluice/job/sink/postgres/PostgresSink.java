package dev.sluice.job.sink.postgres;

import static dev.sluice.job.sink.postgres.PostgresSinkOptions.*;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterSinks;
import dev.sluice.connectors.postgres.PgChange;
import dev.sluice.connectors.postgres.PgChangeEncoder;
import dev.sluice.connectors.postgres.PostgresCatalog;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.connectors.postgres.PostgresExactlyOnceSink;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.connectors.postgres.table.FlinkTypes;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SinkDef;
import dev.sluice.job.definition.SqlScript;
import dev.sluice.job.definition.TargetDef;
import dev.sluice.job.factory.PipelineSink;
import dev.sluice.job.factory.ServeContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * A {@code postgres} sink: one writer and one committer for all its tables, so each checkpoint
 * lands in one Postgres transaction across them.
 */
final class PostgresSink implements PipelineSink {

  /** Dead letters as rows of the dead-letter table (see {@code DeadLetterSinks.TABLE_DDL}). */
  private static final RowTypeInfo DEAD_LETTER_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.INSTANT,
            Types.STRING
          },
          DeadLetterSinks.COLUMNS.toArray(new String[0]));

  private final SinkDef def;
  private final PipelineDefinition pipeline;

  PostgresSink(SinkDef def, PipelineDefinition pipeline) {
    this.def = def;
    this.pipeline = pipeline;
  }

  PostgresEndpoint endpoint() {
    DefOptions o = def.options();
    return new PostgresEndpoint(
        o.get(URL),
        o.get(USERNAME),
        o.getOptional(PASSWORD_ENV).orElse(null),
        o.getOptional(PASSWORD_FILE).orElse(null));
  }

  /**
   * Every key's changes come from one upstream subtask, so they arrive in order. Unchained, the
   * committer's merge runs beside the writer's next COPY, not in its thread.
   */
  @Override
  public void serve(ServeContext serve) {
    String name = pipeline.name();
    DefOptions o = def.options();
    PostgresEndpoint db = endpoint();
    if (!serve.preflight()) {
      // Offline: the views must exist; the tables are checked when the job is built for real.
      def.targets().forEach(target -> serve.view(target));
      return;
    }
    bootstrap(db, o);
    List<PostgresTable> tables = new ArrayList<>();
    List<DataStream<PgChange>> changes = new ArrayList<>();
    String prefix = name + "-" + def.name();
    if (o.contains(BATCH_LEDGER) && serve.ledger().isPresent()) {
      PostgresTable table = OpsTables.ledger(o.get(BATCH_LEDGER));
      tables.add(table);
      changes.add(encode(serve.ledger().get(), table, prefix + "-encode-batch-ledger"));
    }
    if (o.contains(PROGRESS) && serve.progress().isPresent()) {
      PostgresTable table = OpsTables.progress(o.get(PROGRESS));
      tables.add(table);
      changes.add(encode(serve.progress().get(), table, prefix + "-encode-pipeline-progress"));
    }
    if (o.contains(DEAD_LETTERS)) {
      PostgresTable table = OpsTables.deadLetters(o.get(DEAD_LETTERS));
      tables.add(table);
      DataStream<Row> letters =
          serve
              .deadLetters()
              .map(PostgresSink::deadLetterRow, DEAD_LETTER_TYPE)
              .uid(prefix + "-dead-letter-rows")
              .name("rows: dead letters");
      changes.add(encode(letters, table, prefix + "-encode-dead-letters"));
    }
    for (TargetDef target : def.targets()) {
      String tableName = target.options().get(TABLE);
      Table view = serve.view(target);
      List<String> key;
      try {
        key = PostgresCatalog.primaryKey(db, tableName);
      } catch (IllegalArgumentException e) {
        throw target
            .options()
            .error(
                TABLE,
                e.getMessage(),
                "create it with a primary key in a file of sinks." + def.name() + ".ddl");
      }
      PostgresTable table =
          new PostgresTable(
              tableName,
              view.getResolvedSchema().getColumnNames(),
              key,
              null,
              FlinkTypes.of(view.getResolvedSchema()));
      tables.add(table);
      changes.add(encode(serve.changelog(target), table, prefix + "-encode-" + target.view()));
    }
    DataStream<PgChange> all = changes.get(0);
    for (DataStream<PgChange> more : changes.subList(1, changes.size())) {
      all = all.union(more);
    }
    PostgresExactlyOnceSink.Builder sink =
        PostgresExactlyOnceSink.builder()
            .endpoint(db)
            .job(name)
            .sinkName(prefix)
            .stagingRetentionSeconds(o.get(STAGING_RETENTION).toSeconds());
    // A row the database still rejects is a dead letter, never a stalled commit.
    o.getOptional(DEAD_LETTERS).ifPresent(sink::rejectsTo);
    tables.forEach(sink::table);
    all.sinkTo(sink.build())
        .setParallelism(1)
        .disableChaining()
        .uid(prefix + "-serve")
        .name("serve: postgres " + def.name() + " (exactly once)");
  }

  /** {@code rows} as the changes of {@code table}, by an operator of uid {@code uid}. */
  private static DataStream<PgChange> encode(
      DataStream<Row> rows, PostgresTable table, String uid) {
    return rows.map(new PgChangeEncoder(table)).uid(uid).name("encode: " + table.name());
  }

  private static Row deadLetterRow(DeadLetter d) {
    return Row.ofKind(RowKind.INSERT, d.columnValues().toArray());
  }

  /** Runs the sink's DDL files, then creates the ops tables it names if missing. */
  private void bootstrap(PostgresEndpoint db, DefOptions o) {
    List<String> statements = new ArrayList<>();
    for (String file : o.get(DDL)) {
      statements.addAll(SqlScript.load(pipeline.sqlDir(), file).statements());
    }
    statements.addAll(
        OpsTables.ddl(
            o.getOptional(DEAD_LETTERS).orElse(null),
            o.getOptional(PROGRESS).orElse(null),
            o.getOptional(BATCH_LEDGER).orElse(null)));
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "sinks." + def.name() + ": cannot prepare the tables at " + db + ": " + e.getMessage(),
          e);
    }
  }
}
