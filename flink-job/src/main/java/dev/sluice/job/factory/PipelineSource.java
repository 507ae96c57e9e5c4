package dev.sluice.job.factory;

/** A source built from its definition: adds its source operator and the staging of its tables. */
public interface PipelineSource {

  /** Adds the source and its staging to {@code staging}'s job graph and hands it the results. */
  void stage(StagingContext staging);
}
