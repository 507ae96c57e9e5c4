package io.debezium.connector.postgresql.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Where streaming resumes after a restore, and what the re-sent messages lose — FLINK-39265: from a
 * stored commit boundary, the next transaction's BEGIN and first change share the stored LSN.
 */
class WalPositionLocatorTest {

  private static final Lsn Y = Lsn.valueOf(1_000L);
  private static final Lsn NEXT_COMMIT = Lsn.valueOf(1_200L);

  @Test
  void fromACommitBoundaryTheNextTransactionIsDeliveredWhole() {
    List<String> delivered =
        replay(
            new WalPositionLocator(Y, Y),
            List.of(
                message(Y, ReplicationMessage.Operation.BEGIN),
                message(Y, ReplicationMessage.Operation.INSERT),
                message(Lsn.valueOf(1_100L), ReplicationMessage.Operation.UPDATE),
                message(NEXT_COMMIT, ReplicationMessage.Operation.COMMIT)));
    assertThat(delivered)
        .containsExactly("BEGIN@1000", "INSERT@1000", "UPDATE@1100", "COMMIT@1200");
  }

  @Test
  void insideATransactionItResumesAfterTheLastStoredChange() {
    Lsn lastChange = Lsn.valueOf(1_050L);
    List<String> delivered =
        replay(
            new WalPositionLocator(Y, lastChange),
            List.of(
                message(Lsn.valueOf(1_010L), ReplicationMessage.Operation.BEGIN),
                message(lastChange, ReplicationMessage.Operation.INSERT),
                message(Lsn.valueOf(1_100L), ReplicationMessage.Operation.INSERT),
                message(NEXT_COMMIT, ReplicationMessage.Operation.COMMIT)));
    assertThat(delivered).containsExactly("INSERT@1100", "COMMIT@1200");
  }

  /** Debezium's two passes: locate on the re-sent messages, then stream them again filtered. */
  private static List<String> replay(WalPositionLocator locator, List<Message> wal) {
    Optional<Lsn> resume = Optional.empty();
    for (Message m : wal) {
      resume = locator.resumeFromLsn(m.lsn, m);
      if (resume.isPresent()) {
        break;
      }
    }
    assertThat(resume).as("a resume position").isPresent();
    locator.enableFiltering();
    List<String> delivered = new ArrayList<>();
    for (Message m : wal) {
      if (!locator.skipMessage(m.lsn)) {
        delivered.add(m.operation + "@" + m.lsn.asLong());
      }
    }
    return delivered;
  }

  private static Message message(Lsn lsn, ReplicationMessage.Operation operation) {
    return new Message(lsn, operation);
  }

  /** A message with nothing but its LSN and operation. */
  private static final class Message implements ReplicationMessage {
    final Lsn lsn;
    final Operation operation;

    Message(Lsn lsn, Operation operation) {
      this.lsn = lsn;
      this.operation = operation;
    }

    @Override
    public Operation getOperation() {
      return operation;
    }

    @Override
    public Instant getCommitTime() {
      return Instant.EPOCH;
    }

    @Override
    public OptionalLong getTransactionId() {
      return OptionalLong.of(1);
    }

    @Override
    public String getTable() {
      return "public.orders";
    }

    @Override
    public List<Column> getOldTupleList() {
      return List.of();
    }

    @Override
    public List<Column> getNewTupleList() {
      return List.of();
    }

    @Override
    public boolean hasTypeMetadata() {
      return false;
    }

    @Override
    public boolean isLastEventForLsn() {
      return true;
    }
  }
}
