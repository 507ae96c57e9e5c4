package io.debezium.connector.postgresql.connection;

import io.debezium.DebeziumException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's replacement for the Postgres CDC restart locator of Flink CDC 3.5 (Debezium 1.9): where
 * to resume streaming after a restore, and which re-sent messages to skip. It differs in one case,
 * upstream's FLINK-39265: when the stored offset sits on a commit ({@code lsn_proc == lsn_commit}),
 * the first new transaction's BEGIN and first change may carry that same LSN, and the upstream
 * locator resumed after them — silently dropping that change (the chaos run lost an order's insert
 * and update so). Here, from a commit boundary, streaming resumes at the BEGIN of the first
 * transaction that commits after the stored commit. The job jar carries this class ahead of the
 * connector's copy.
 *
 * <p>The stored offset does not tell that boundary apart from a stored change that shares its LSN
 * with the commit before it (the first change of the next transaction, processed): this locator
 * takes the safe side and that one change is delivered again; CDC staging drops it by its LSN.
 */
public class WalPositionLocator {

  private static final Logger LOG = LoggerFactory.getLogger(WalPositionLocator.class);

  private final Lsn lastCommitStoredLsn;
  private final Lsn lastEventStoredLsn;
  private final boolean atCommitBoundary;
  private Lsn txStartLsn;
  private Lsn lsnAfterLastEventStoredLsn;
  private Lsn firstLsnReceived;
  private Lsn startStreamingLsn;
  private boolean passMessages = true;
  private boolean awaitingLsnAfterLastEvent;
  private Set<Lsn> lsnSeen = new HashSet<>();

  public WalPositionLocator(Lsn lastCommitStoredLsn, Lsn lastEventStoredLsn) {
    this.lastCommitStoredLsn = lastCommitStoredLsn;
    this.lastEventStoredLsn = lastEventStoredLsn;
    this.atCommitBoundary =
        lastCommitStoredLsn != null && lastCommitStoredLsn.equals(lastEventStoredLsn);
    LOG.info(
        "Looking for WAL restart position for last commit LSN '{}' and last change LSN '{}'{}",
        lastCommitStoredLsn,
        lastEventStoredLsn,
        atCommitBoundary
            ? " (a commit boundary, or a change at the commit's LSN: resuming at the start of the"
                + " next transaction)"
            : "");
  }

  public WalPositionLocator() {
    this(null, null);
  }

  /** The LSN to resume streaming from, once the messages seen so far tell it; else empty. */
  public Optional<Lsn> resumeFromLsn(Lsn currentLsn, ReplicationMessage message) {
    lsnSeen.add(currentLsn);
    if (firstLsnReceived == null) {
      firstLsnReceived = currentLsn;
      LOG.info("First LSN '{}' received", firstLsnReceived);
    }
    if (!atCommitBoundary) {
      // Stopped inside a transaction: resume right after the last change that was processed.
      if (awaitingLsnAfterLastEvent) {
        if (currentLsn.equals(lastEventStoredLsn)) {
          return Optional.empty();
        }
        lsnAfterLastEventStoredLsn = currentLsn;
        awaitingLsnAfterLastEvent = false;
        return resumeAt(lsnAfterLastEventStoredLsn, "follows the last stored change");
      }
      if (currentLsn.equals(lastEventStoredLsn)) {
        awaitingLsnAfterLastEvent = true;
      }
    }
    if (lastCommitStoredLsn == null) {
      return resumeAt(firstLsnReceived, "is the first one available");
    }
    if (message.getOperation() == ReplicationMessage.Operation.BEGIN) {
      txStartLsn = currentLsn;
    } else if (message.getOperation() == ReplicationMessage.Operation.COMMIT
        && currentLsn.compareTo(lastCommitStoredLsn) > 0) {
      if (lsnAfterLastEventStoredLsn != null) {
        return resumeAt(lsnAfterLastEventStoredLsn, "follows the last stored change");
      }
      if (txStartLsn != null) {
        return resumeAt(txStartLsn, "starts the first unprocessed transaction");
      }
      return resumeAt(firstLsnReceived, "is the first one available");
    }
    return Optional.empty();
  }

  private Optional<Lsn> resumeAt(Lsn lsn, String why) {
    startStreamingLsn = lsn;
    LOG.info("Will restart from LSN '{}' that {}", lsn, why);
    return Optional.of(lsn);
  }

  /** Whether a re-sent message precedes the resume position (and is skipped). */
  public boolean skipMessage(Lsn lsn) {
    if (passMessages) {
      return false;
    }
    if (startStreamingLsn == null || startStreamingLsn.equals(lsn)) {
      LOG.info("Message with LSN '{}' arrived, switching off the filtering", lsn);
      passMessages = true;
      lsnSeen = new HashSet<>();
      return false;
    }
    if (lsn.isValid() && !lsnSeen.contains(lsn)) {
      throw new DebeziumException(
          String.format(
              "Message with LSN '%s' not present among LSNs seen in the location phase '%s'",
              lsn, lsnSeen));
    }
    LOG.debug("Message with LSN '{}' filtered", lsn);
    return true;
  }

  /** Skips re-sent messages until the resume position. */
  public void enableFiltering() {
    passMessages = false;
  }

  public boolean searchingEnabled() {
    return lastEventStoredLsn != null;
  }

  public Lsn getLastEventStoredLsn() {
    return lastEventStoredLsn;
  }

  @Override
  public String toString() {
    return "WalPositionLocator [lastCommitStoredLsn="
        + lastCommitStoredLsn
        + ", lastEventStoredLsn="
        + lastEventStoredLsn
        + ", txStartLsn="
        + txStartLsn
        + ", startStreamingLsn="
        + startStreamingLsn
        + ", passMessages="
        + passMessages
        + "]";
  }
}
