package dev.sluice.connectors.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Binds Flink's Java values to PgJDBC parameters. */
final class JdbcValues {

  private JdbcValues() {}

  /** Binds one value; {@code TIMESTAMP_LTZ} arrives as an Instant, which PgJDBC does not take. */
  static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value instanceof Instant) {
      statement.setObject(index, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
    } else {
      statement.setObject(index, value);
    }
  }
}
