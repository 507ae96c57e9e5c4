package dev.sluice.job.source.cdc;

import static dev.sluice.job.source.cdc.ShopCdc.customer;
import static dev.sluice.job.source.cdc.ShopCdc.event;
import static dev.sluice.job.source.cdc.ShopCdc.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.staging.StagingHarness;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/**
 * Keyed CDC staging: deletes of unknown rows, unchanged TOASTed columns, changes delivered again.
 */
class ChangeEventStagingTest {

  private static final String LONG_NAME = "x".repeat(10_000);

  private static StagingHarness<String, Row> orders() throws Exception {
    return orders(null);
  }

  /** Orders staging, restored from {@code restored} unless it is null. */
  private static StagingHarness<String, Row> orders(OperatorSubtaskState restored)
      throws Exception {
    return ShopCdc.staging(ShopCdc.shop(Map.of()), "orders", restored);
  }

  private static StagingHarness<String, Row> customers() throws Exception {
    return ShopCdc.staging("customers");
  }

  @Test
  void aDeleteOfARowNeverSeenIsDeadLetteredAndRetractsNothing() throws Exception {
    try (StagingHarness<String, Row> h = orders()) {
      h.push(event("orders", "d", order(9), 50))
          .push(event("orders", "c", order(9), 51))
          .push(event("orders", "d", order(9), 52))
          .push(event("orders", "d", order(9), 53));
      assertThat(h.rows())
          .extracting(r -> r.getKind().shortString() + " " + r.getField(1) + " " + r.getField(7))
          .containsExactly("+I 9 51", "-D 9 52");
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "UNKNOWN_ROW lsn=50 table=public.orders key=acme/9 op=d delete of a row of"
                  + " public.orders this staging never saw; nothing to retract",
              "UNKNOWN_ROW lsn=53 table=public.orders key=acme/9 op=d delete of a row of"
                  + " public.orders this staging never saw; nothing to retract");
    }
  }

  @Test
  void aRowNeverStagedIsForgottenByItsDeleteWithoutARetraction() throws Exception {
    try (StagingHarness<String, Row> h = orders()) {
      h.push(event("orders", "c", order(3).put("currency", "XXX"), 60))
          .push(event("orders", "d", order(3), 61));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters()).extracting(d -> d.reason.name()).containsExactly("INVALID_VALUE");
    }
  }

  @Test
  void anUnchangedToastedColumnIsFilledFromThePreviousVersion() throws Exception {
    try (StagingHarness<String, Row> h = customers()) {
      h.push(event("customers", "r", customer(LONG_NAME, "smb"), 0))
          .push(
              event(
                  "customers",
                  "u",
                  customer(CdcTableStaging.UNAVAILABLE, "enterprise").put("notes", "new"),
                  70))
          .push(event("customers", "u", customer(CdcTableStaging.UNAVAILABLE, "smb"), 71));
      assertThat(h.rows())
          .extracting(
              r ->
                  r.getKind().shortString()
                      + " "
                      + LONG_NAME.equals(r.getField(2))
                      + " "
                      + r.getField(3))
          .containsExactly("+I true smb", "+U true enterprise", "+U true smb");
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void anUnchangedToastedColumnWithoutAPreviousVersionIsDeadLettered() throws Exception {
    try (StagingHarness<String, Row> h = customers()) {
      h.push(event("customers", "u", customer(CdcTableStaging.UNAVAILABLE, "smb"), 80));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason.name()).isEqualTo("UNAVAILABLE_VALUE");
                assertThat(d.position).isEqualTo("lsn=80 table=public.customers key=acme/7 op=u");
                assertThat(d.detail)
                    .startsWith("column(s) [name] of public.customers arrived as")
                    .contains("no earlier version of the row is known");
              });
      // The next full version stages normally.
      h.push(event("customers", "u", customer("Ada", "smb"), 81));
      assertThat(h.rows()).extracting(Row::getKind).containsExactly(RowKind.UPDATE_AFTER);
    }
  }

  @Test
  void aChangeDeliveredAgainAfterARestoreIsDroppedNotStagedOrDeadLetteredTwice() throws Exception {
    OperatorSubtaskState checkpoint;
    try (StagingHarness<String, Row> h = orders()) {
      h.push(event("orders", "c", order(4), 100))
          .push(event("orders", "c", order(5).put("currency", "XXX"), 101))
          .push(event("orders", "d", order(4), 102));
      checkpoint = h.checkpoint();
    }
    // Flink CDC resumes at the start of the last stored change's transaction: that change again.
    try (StagingHarness<String, Row> h = orders(checkpoint)) {
      h.push(event("orders", "c", order(5).put("currency", "XXX"), 101))
          .push(event("orders", "d", order(4), 102))
          .push(event("orders", "c", order(4), 103));
      assertThat(h.rows())
          .extracting(r -> r.getKind().shortString() + " " + r.getField(1) + " " + r.getField(7))
          .containsExactly("+I 4 103");
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void aDeletedRowIsForgottenAfterTheRedeliveryRetention() throws Exception {
    try (StagingHarness<String, Row> h = orders()) {
      h.harness.setStateTtlProcessingTime(0);
      h.push(event("orders", "c", order(6), 110)).push(event("orders", "d", order(6), 111));
      h.harness.setStateTtlProcessingTime(
          ShopCdc.redelivery(ShopCdc.shop(Map.of())).toMillis() + 1);
      // Past the retention a delete delivered again is a delete of an unknown row, not a loss.
      h.push(event("orders", "d", order(6), 111));
      assertThat(h.deadLetters()).extracting(d -> d.reason.name()).containsExactly("UNKNOWN_ROW");
    }
  }

  @Test
  void onlyTheSameLsnIsARedeliveryNotALowerOne() throws Exception {
    try (StagingHarness<String, Row> h = orders()) {
      // An insert whose WAL record precedes that of the delete of the same key it waited for
      // (a deferred primary key, or the delete landing between the insert's row and its index
      // check) arrives after the delete with a lower LSN: it is a new change.
      h.push(event("orders", "c", order(8), 200))
          .push(event("orders", "d", order(8), 220))
          .push(event("orders", "c", order(8).put("amount", "11.00"), 210))
          // One WAL record may carry rows of several keys (a multi-row insert): same LSN, new rows.
          .push(event("orders", "c", order(9), 230))
          .push(event("orders", "c", order(10), 230));
      assertThat(h.rows())
          .extracting(r -> r.getKind().shortString() + " " + r.getField(1) + " " + r.getField(4))
          .containsExactly("+I 8 10.50", "-D 8 null", "+I 8 11.00", "+I 9 10.50", "+I 10 10.50");
      assertThat(h.deadLetters()).isEmpty();
    }
  }
}
