package dev.sluice.job.contract;

import java.io.Serializable;
import java.util.Set;

/**
 * The tenants a pipeline serves: every declared column named {@code column} accepts only the {@code
 * allowed} values (else UNKNOWN_TENANT). A null {@code column} means no tenancy.
 */
public record Tenancy(String column, Set<String> allowed) implements Serializable {

  public Tenancy {
    allowed = allowed == null ? Set.of() : Set.copyOf(allowed);
    if (column != null && allowed.isEmpty()) {
      throw new IllegalArgumentException(
          "tenancy.allowed is empty: list the tenants served, or remove tenancy.column");
    }
  }

  /** No tenancy: no column is checked against a list of tenants. */
  public static Tenancy none() {
    return new Tenancy(null, Set.of());
  }
}
