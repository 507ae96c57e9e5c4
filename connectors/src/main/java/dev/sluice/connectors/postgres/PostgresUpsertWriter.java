package dev.sluice.connectors.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Buffers the last change per merge key (bounded by {@code maxBufferedKeys}) and writes the buffer
 * in one transaction; a full buffer flushes inline, so a slow database backpressures the job.
 */
final class PostgresUpsertWriter implements SinkWriter<Row> {

  private static final int MAX_ATTEMPTS = 3;

  private final PostgresEndpoint endpoint;
  private final UpsertTable table;
  private final int maxBufferedKeys;
  private final int[] keyPositions;
  private final Map<List<Object>, Row> pending = new LinkedHashMap<>();
  private Connection connection;

  PostgresUpsertWriter(PostgresEndpoint endpoint, UpsertTable table, int maxBufferedKeys) {
    this.endpoint = endpoint;
    this.table = table;
    this.maxBufferedKeys = maxBufferedKeys;
    this.keyPositions = table.keyPositions();
  }

  @Override
  public void write(Row row, Context context) throws IOException {
    if (row.getArity() != table.columns().size()) {
      throw new IOException(
          "Row arity " + row.getArity() + " does not match columns " + table.columns());
    }
    Object[] key = new Object[keyPositions.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = row.getField(keyPositions[i]);
    }
    // -U is treated as a delete: the +U that follows for the same key overwrites it.
    pending.put(Arrays.asList(key), row);
    if (pending.size() >= maxBufferedKeys) {
      flushPending();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    flushPending();
  }

  private void flushPending() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        writeInOneTransaction();
        pending.clear();
        return;
      } catch (SQLException e) {
        last = e;
        closeConnection();
      }
    }
    throw new IOException(
        "Writing " + pending.size() + " rows to " + table.name() + " via " + endpoint + " failed",
        last);
  }

  private void writeInOneTransaction() throws SQLException {
    if (connection == null) {
      connection = endpoint.connect();
      connection.setAutoCommit(false);
    }
    List<Row> deletes = new ArrayList<>();
    try (PreparedStatement upsert = connection.prepareStatement(table.upsertSql())) {
      for (Row row : pending.values()) {
        if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
          for (int i = 0; i < row.getArity(); i++) {
            JdbcValues.bind(upsert, i + 1, row.getField(i));
          }
          upsert.addBatch();
        } else {
          deletes.add(row);
        }
      }
      upsert.executeBatch();
    }
    try (PreparedStatement delete = connection.prepareStatement(table.deleteSql())) {
      for (Row row : deletes) {
        for (int i = 0; i < keyPositions.length; i++) {
          JdbcValues.bind(delete, i + 1, row.getField(keyPositions[i]));
        }
        delete.addBatch();
      }
      delete.executeBatch();
    }
    connection.commit();
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is being replaced after a failure
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeConnection();
  }
}
