package dev.sluice.job.contract;

import dev.sluice.connectors.deadletter.DeadLetterReason;

/** Thrown by a contract to reject a record with a reason; becomes a dead letter. */
public final class Rejected extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public Rejected(DeadLetterReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
