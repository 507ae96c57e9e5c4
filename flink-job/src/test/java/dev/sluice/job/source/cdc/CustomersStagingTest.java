package dev.sluice.job.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.staging.StagingHarness;
import java.time.LocalDateTime;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** Customer change-event staging: versions with their start, other tables' events left alone. */
class CustomersStagingTest {

  private static String event(String table, String op, String after, long lsn) {
    return "{\"before\":null,\"after\":"
        + after
        + ",\"source\":{\"schema\":\"public\",\"table\":\""
        + table
        + "\",\"lsn\":"
        + lsn
        + "},\"op\":\""
        + op
        + "\"}";
  }

  private static String customer(String tenant, String segment, String updatedAt) {
    return "{\"tenant_id\":\""
        + tenant
        + "\",\"customer_id\":7,\"name\":\"Ada\",\"segment\":\""
        + segment
        + "\",\"country\":\"DE\",\"updated_at\":\""
        + updatedAt
        + "\"}";
  }

  @Test
  void eachChangeIsAVersionValidFromItsUpdatedAt() throws Exception {
    try (StagingHarness<String, Row> h = ShopCdc.staging("customers")) {
      h.push(event("customers", "r", customer("acme", "smb", "2026-11-20T00:00:00Z"), 10))
          .push(event("customers", "u", customer("acme", "enterprise", "2026-11-21T02:00:00Z"), 11))
          .push(event("orders", "c", "{\"tenant_id\":\"acme\",\"order_id\":1}", 12))
          .push(event("customers", "u", customer("ghost", "smb", "2026-11-21T03:00:00Z"), 13));
      assertThat(h.rows())
          .extracting(r -> r.getKind() + " " + r.getField(3) + " " + r.getField(5))
          .containsExactly(
              RowKind.INSERT + " smb " + LocalDateTime.parse("2026-11-20T00:00"),
              RowKind.UPDATE_AFTER + " enterprise " + LocalDateTime.parse("2026-11-21T02:00"));
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " " + d.position)
          .containsExactly("UNKNOWN_TENANT lsn=13 table=public.customers key=ghost/7 op=u");
    }
  }
}
