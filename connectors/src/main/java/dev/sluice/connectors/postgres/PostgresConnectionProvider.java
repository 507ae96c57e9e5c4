package dev.sluice.connectors.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/** Adapts a {@link PostgresEndpoint} to the Flink JDBC connector's connection provider. */
public final class PostgresConnectionProvider implements JdbcConnectionProvider {

  private static final long serialVersionUID = 1L;

  private final PostgresEndpoint endpoint;
  private transient Connection connection;

  public PostgresConnectionProvider(PostgresEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public boolean isConnectionValid() throws SQLException {
    return connection != null && connection.isValid(5);
  }

  @Override
  public Connection getOrEstablishConnection() throws SQLException {
    if (!isConnectionValid()) {
      connection = endpoint.connect();
    }
    return connection;
  }

  @Override
  public void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection: nothing left to release
      }
      connection = null;
    }
  }

  @Override
  public Connection reestablishConnection() throws SQLException {
    closeConnection();
    return getOrEstablishConnection();
  }
}
