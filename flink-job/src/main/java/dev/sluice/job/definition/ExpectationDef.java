package dev.sluice.job.definition;

import java.io.Serializable;

/** A named boolean SQL expression every row of a table must satisfy, and what a violation does. */
public final class ExpectationDef implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String scope;
  private final String sql;
  private final OnViolation onViolation;
  private final Location location;

  ExpectationDef(
      String name, String scope, String sql, OnViolation onViolation, Location location) {
    this.name = name;
    this.scope = scope;
    this.sql = sql;
    this.onViolation = onViolation;
    this.location = location;
  }

  public String name() {
    return name;
  }

  /** The key path, e.g. {@code sources.my-db.tables.items.expectations.positive_amount}. */
  public String scope() {
    return scope;
  }

  public String sql() {
    return sql;
  }

  public OnViolation onViolation() {
    return onViolation;
  }

  public Location location() {
    return location;
  }

  @Override
  public String toString() {
    return scope + "{sql=" + sql + ", on-violation=" + onViolation + "}";
  }
}
