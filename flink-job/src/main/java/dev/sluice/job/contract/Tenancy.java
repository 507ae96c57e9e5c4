package dev.sluice.job.contract;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineOptions;
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

  /** The tenancy {@code pipeline} declares ({@code pipeline.tenancy}), or none. */
  public static Tenancy of(PipelineDefinition pipeline) {
    return pipeline
        .options()
        .getOptional(PipelineOptions.TENANCY_COLUMN)
        .map(
            column ->
                new Tenancy(
                    column, Set.copyOf(pipeline.options().get(PipelineOptions.TENANCY_ALLOWED))))
        .orElse(none());
  }

  /** No tenancy: no column is checked against a list of tenants. */
  public static Tenancy none() {
    return new Tenancy(null, Set.of());
  }
}
