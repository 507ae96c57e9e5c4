package dev.sluice.job.factory;

/** A sink built from its definition: serves the views it names (and dead letters) to its target. */
public interface PipelineSink {

  /** Attaches this sink's writers to the views and streams of {@code serve}. */
  void serve(ServeContext serve);
}
