package dev.sluice.job.source.cdc;

import static dev.sluice.job.source.cdc.ShopCdc.event;
import static dev.sluice.job.source.cdc.ShopCdc.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingHarness;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Each {@code schema-drift} policy of the shop's orders on crafted events of a drifted table. */
class SchemaDriftTest {

  /** Order events after ADD, DROP (unused and used column) and RENAME COLUMN, one of each. */
  private static final List<String> DRIFTED =
      List.of(
          event("orders", "c", order(1).put("coupon", "X"), 101),
          event("orders", "c", without(order(2), "updated_at"), 102),
          event("orders", "c", without(order(3), "currency"), 103),
          event("orders", "u", without(order(1), "status").put("state", "PAID"), 104));

  private static ObjectNode without(ObjectNode row, String column) {
    row.remove(column);
    return row;
  }

  private static StagingHarness<String, Row> staging(SchemaDriftPolicy policy) throws Exception {
    StagingHarness<String, Row> h =
        ShopCdc.staging(
            ShopCdc.shop(
                Map.of(
                    "sources.shop-db.tables.orders.schema-drift",
                    policy.name().toLowerCase().replace('_', '-'))),
            "orders",
            null);
    h.push(event("orders", "r", order(1), 100));
    return h;
  }

  @Test
  void evolveAndIgnoreStageKnownColumnsAndDeadLetterAMissingOneByName() throws Exception {
    for (SchemaDriftPolicy policy : List.of(SchemaDriftPolicy.EVOLVE, SchemaDriftPolicy.IGNORE)) {
      try (StagingHarness<String, Row> h = staging(policy)) {
        for (String e : DRIFTED) {
          h.push(e);
        }
        assertThat(h.rows())
            .as(policy.toString())
            .extracting(r -> r.getKind().shortString() + " " + r.getField(1) + " " + r.getField(7))
            .containsExactly("+I 1 100", "+I 1 101", "+I 2 102", "-D 1 104");
        assertThat(h.deadLetters())
            .extracting(d -> d.reason + " " + d.detail)
            .containsExactly(
                "MISSING_FIELD column(s) [currency] of public.orders missing from the change event"
                    + " at lsn=103 (dropped or renamed at the source?)",
                "MISSING_FIELD column(s) [status] of public.orders missing from the change event"
                    + " at lsn=104 (dropped or renamed at the source?)");
      }
    }
  }

  @Test
  void deadLetterRejectsEveryEventWhoseColumnsDiffer() throws Exception {
    try (StagingHarness<String, Row> h = staging(SchemaDriftPolicy.DEAD_LETTER)) {
      for (String e : DRIFTED) {
        h.push(e);
      }
      h.push(event("orders", "c", order(4).put("amount", "1.5000"), 105));
      assertThat(h.rows())
          .extracting(r -> r.getKind().shortString() + " " + r.getField(1) + " " + r.getField(7))
          .containsExactly("+I 1 100", "-D 1 101", "+I 4 105");
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.detail)
          .containsExactly(
              "SCHEMA_DRIFT columns of public.orders at lsn=101 differ: added [coupon], missing []",
              "SCHEMA_DRIFT columns of public.orders at lsn=102 differ: added [], missing"
                  + " [updated_at]",
              "SCHEMA_DRIFT columns of public.orders at lsn=103 differ: added [], missing"
                  + " [currency]",
              "SCHEMA_DRIFT columns of public.orders at lsn=104 differ: added [state], missing"
                  + " [status]");
    }
  }

  @Test
  void failStopsTheJobWithoutRestartNamingTableColumnAndLsn() throws Exception {
    try (StagingHarness<String, Row> h = staging(SchemaDriftPolicy.FAIL)) {
      assertThatThrownBy(() -> h.push(DRIFTED.get(0)))
          .isInstanceOf(SuppressRestartsException.class)
          .cause()
          .hasMessage(
              "schema drift: columns of public.orders at lsn=101 differ: added [coupon], missing"
                  + " []; the job stops because sources.shop-db.tables.orders.schema-drift=fail (adapt the pipeline"
                  + " or choose another policy, then restart)");
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void aWidenedAmountThatStillFitsIsStagedAndOneThatDoesNotIsInvalid() throws Exception {
    try (StagingHarness<String, Row> h = staging(SchemaDriftPolicy.EVOLVE)) {
      h.push(event("orders", "c", order(2).put("amount", "1.5000"), 101))
          .push(event("orders", "c", order(3).put("amount", "12345678901234.5678"), 102))
          .push(event("orders", "c", order(4).put("amount", "1.2345"), 103));
      assertThat(h.rows())
          .extracting(r -> r.getField(4))
          .containsExactly(new BigDecimal("10.50"), new BigDecimal("1.50"));
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.detail)
          .containsExactly(
              "INVALID_VALUE field amount does not fit DECIMAL(12,2): 12345678901234.5678",
              "INVALID_VALUE field amount does not fit DECIMAL(12,2): 1.2345");
    }
  }
}
