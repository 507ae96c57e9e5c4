package dev.sluice.job.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.DeadLetterReason;
import dev.sluice.job.staging.StagingHarness;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** Order change-event staging of the shop's orders table, behind the router. */
class OrdersStagingTest {

  private static String event(String op, String before, String after, long lsn) {
    return "{\"before\":"
        + before
        + ",\"after\":"
        + after
        + ",\"source\":{\"schema\":\"public\",\"table\":\"orders\",\"lsn\":"
        + lsn
        + "},\"op\":\""
        + op
        + "\"}";
  }

  private static String order(String tenant, long id, String amount, String currency) {
    return "{\"tenant_id\":\""
        + tenant
        + "\",\"order_id\":"
        + id
        + ",\"customer_id\":7,"
        + "\"status\":\"PAID\",\"amount\":\""
        + amount
        + "\",\"currency\":\""
        + currency
        + "\","
        + "\"created_at\":\"2026-11-20T10:15:30.123456Z\"}";
  }

  private static StagingHarness<String, Row> harness() throws Exception {
    return ShopCdc.staging("orders");
  }

  @Test
  void snapshotInsertUpdateAndDeleteBecomeAnUpsertChangelog() throws Exception {
    try (StagingHarness<String, Row> h = harness()) {
      h.push(event("r", "null", order("acme", 1, "10.50", "EUR"), 100))
          .push(event("u", "null", order("acme", 1, "12", "EUR"), 101))
          .push(event("d", order("acme", 1, "12", "EUR"), "null", 102));
      assertThat(h.rows())
          .extracting(Row::getKind)
          .containsExactly(RowKind.INSERT, RowKind.UPDATE_AFTER, RowKind.DELETE);
      Row first = h.rows().get(0);
      assertThat(first.getField(0)).isEqualTo("acme");
      assertThat(first.getField(1)).isEqualTo(1L);
      assertThat(first.getField(4)).isEqualTo(new BigDecimal("10.50"));
      // created_at is TIMESTAMP(3) in the pipeline file: staged to the millisecond, not the micro.
      assertThat(first.getField(6)).isEqualTo(LocalDateTime.parse("2026-11-20T10:15:30.123"));
      assertThat(first.getField(7)).isEqualTo(100L);
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void anInvalidAfterImageIsDeadLetteredAndRetractsTheStagedVersionOnce() throws Exception {
    try (StagingHarness<String, Row> h = harness()) {
      h.push(event("c", "null", order("acme", 5, "3.00", "EUR"), 776))
          .push(event("u", "null", order("acme", 5, "-3.00", "EUR"), 777))
          .push(event("u", "null", order("acme", 5, "-4.00", "EUR"), 778));
      assertThat(h.rows()).extracting(Row::getKind).containsExactly(RowKind.INSERT, RowKind.DELETE);
      assertThat(h.rows().get(1))
          .satisfies(
              row -> {
                assertThat(row.getKind()).isEqualTo(RowKind.DELETE);
                assertThat(row.getField(1)).isEqualTo(5L);
              });
      DeadLetter d = h.deadLetters().get(0);
      assertThat(d.reason).isEqualTo(DeadLetterReason.INVALID_VALUE);
      assertThat(d.detail).contains("amount").contains("-3.00");
      assertThat(d.position).isEqualTo("lsn=777 table=public.orders key=acme/5 op=u");
      assertThat(d.payload).contains("\"order_id\":5");
    }
  }

  @Test
  void eachKindOfBadEventGetsItsReason() throws Exception {
    try (StagingHarness<String, Row> h = harness()) {
      h.push(event("c", "null", order("ghost", 1, "1.00", "EUR"), 1))
          .push(event("c", "null", order("acme", 2, "1.00", "XXX"), 2))
          .push(event("c", "null", order("acme", 3, "1.001", "EUR"), 3))
          .push(event("c", "null", "{\"tenant_id\":\"acme\"}", 4))
          .push(event("t", "null", "null", 5))
          .push("not json");
      assertThat(h.deadLetters())
          .as(h.deadLetters().toString())
          .extracting(d -> d.reason)
          .containsExactly(
              DeadLetterReason.UNKNOWN_TENANT,
              DeadLetterReason.INVALID_VALUE,
              DeadLetterReason.INVALID_VALUE,
              DeadLetterReason.MISSING_FIELD,
              DeadLetterReason.SCHEMA_MISMATCH,
              DeadLetterReason.MALFORMED);
    }
  }
}
