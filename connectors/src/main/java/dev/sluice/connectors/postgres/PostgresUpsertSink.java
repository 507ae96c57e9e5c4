package dev.sluice.connectors.postgres;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.types.Row;

/**
 * At-least-once, idempotent Postgres sink for a changelog of {@link Row}s: upserts and deletes by
 * merge key, flushed in one transaction at every checkpoint and whenever the buffer is full.
 *
 * <p>Replays after a restore re-apply the same final images, so results converge; a reader may
 * briefly see an older value during a replay. The exactly-once sink replaces it for marts.
 */
public final class PostgresUpsertSink implements Sink<Row> {

  private static final long serialVersionUID = 1L;

  private final PostgresEndpoint endpoint;
  private final UpsertTable table;
  private final int maxBufferedKeys;

  public PostgresUpsertSink(PostgresEndpoint endpoint, UpsertTable table, int maxBufferedKeys) {
    this.endpoint = endpoint;
    this.table = table;
    this.maxBufferedKeys = maxBufferedKeys;
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<Row> createWriter(InitContext context) throws IOException {
    return new PostgresUpsertWriter(endpoint, table, maxBufferedKeys);
  }
}
