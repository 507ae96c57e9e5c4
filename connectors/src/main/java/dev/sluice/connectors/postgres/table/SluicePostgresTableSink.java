package dev.sluice.connectors.postgres.table;

import dev.sluice.connectors.postgres.PgChange;
import dev.sluice.connectors.postgres.PgChangeEncoder;
import dev.sluice.connectors.postgres.PostgresExactlyOnceSink;
import dev.sluice.connectors.postgres.PostgresTable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.RuntimeConverter;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** The SQL face of {@link PostgresExactlyOnceSink}: an upsert sink keyed by the primary key. */
final class SluicePostgresTableSink implements DynamicTableSink {

  private final PostgresExactlyOnceSink.Builder sink;
  private final PostgresTable table;
  private final DataType rowType;

  SluicePostgresTableSink(
      PostgresExactlyOnceSink.Builder sink, PostgresTable table, DataType rowType) {
    this.sink = sink;
    this.table = table;
    this.rowType = rowType;
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requested) {
    return ChangelogMode.newBuilder()
        .addContainedKind(RowKind.INSERT)
        .addContainedKind(RowKind.UPDATE_AFTER)
        .addContainedKind(RowKind.DELETE)
        .build();
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    DataStructureConverter converter = context.createDataStructureConverter(rowType);
    PostgresExactlyOnceSink built = sink.build();
    return new DataStreamSinkProvider() {
      @Override
      public DataStreamSink<?> consumeDataStream(
          ProviderContext provider, DataStream<RowData> rows) {
        SingleOutputStreamOperator<PgChange> changes =
            rows.map(new Encode(converter, table)).name("encode: " + table.name());
        provider.generateUid("encode").ifPresent(changes::uid);
        // One writer and one committer (one transaction per checkpoint), not chained, so the
        // committer's merge runs beside the writer's next COPY.
        DataStreamSink<PgChange> out =
            changes
                .sinkTo(built)
                .setParallelism(1)
                .disableChaining()
                .name("sluice-postgres: " + table.name());
        provider.generateUid("sink").ifPresent(out::uid);
        return out;
      }
    };
  }

  @Override
  public DynamicTableSink copy() {
    return new SluicePostgresTableSink(sink, table, rowType);
  }

  @Override
  public String asSummaryString() {
    return "sluice-postgres(" + table.name() + ")";
  }

  /** Converts the planner's RowData to a Row and encodes it as a change. */
  private static final class Encode extends RichMapFunction<RowData, PgChange> {
    private final DataStructureConverter converter;
    private final PgChangeEncoder encoder;

    Encode(DataStructureConverter converter, PostgresTable table) {
      this.converter = converter;
      this.encoder = new PgChangeEncoder(table);
    }

    @Override
    public void open(OpenContext context) {
      converter.open(RuntimeConverter.Context.create(getRuntimeContext().getUserCodeClassLoader()));
    }

    @Override
    public PgChange map(RowData row) {
      return encoder.map((Row) converter.toExternal(row));
    }
  }
}
