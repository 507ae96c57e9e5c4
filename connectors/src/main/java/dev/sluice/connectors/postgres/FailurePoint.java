package dev.sluice.connectors.postgres;

import java.io.Serializable;

/** A hook at each step boundary of the sink's commit protocol; tests inject failures through it. */
@FunctionalInterface
interface FailurePoint extends Serializable {

  /** No failures: production. */
  FailurePoint NONE = step -> {};

  /** Called when the protocol reaches {@code step}; may throw to simulate a crash there. */
  void reached(String step);
}
