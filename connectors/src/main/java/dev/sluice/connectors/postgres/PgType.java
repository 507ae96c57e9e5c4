package dev.sluice.connectors.postgres;

import java.util.List;

/** What a sink column carries, and the Postgres column types that can take it unchanged. */
public enum PgType {
  TEXT("text", "character varying", "character", "citext"),
  INTEGER("smallint", "integer", "bigint", "numeric"),
  DECIMAL("numeric"),
  FLOAT("double precision", "real", "numeric"),
  BOOLEAN("boolean"),
  DATE("date"),
  /** A timestamp without zone; a {@code timestamptz} target would read it in the session zone. */
  TIMESTAMP("timestamp without time zone"),
  TIMESTAMP_TZ("timestamp with time zone"),
  BYTES("bytea");

  private final List<String> postgresTypes;

  PgType(String... postgresTypes) {
    this.postgresTypes = List.of(postgresTypes);
  }

  /** True if a column of {@code formatType} (as {@code format_type()} prints it) takes this. */
  boolean fits(String formatType) {
    String base = formatType.replaceAll("\\(.*\\)", "").strip();
    return postgresTypes.contains(base);
  }

  List<String> postgresTypes() {
    return postgresTypes;
  }
}
