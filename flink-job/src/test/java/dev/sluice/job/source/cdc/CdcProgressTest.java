package dev.sluice.job.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.progress.ProgressMark;
import dev.sluice.job.progress.ProgressMarks;
import dev.sluice.job.staging.StagingHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a routed change event claims of its source's progress, and what it must not claim. */
class CdcProgressTest {

  private static final PipelineDefinition SHOP = ShopCdc.shop(Map.of());

  /** {@code json} as the router hands it on: parsed and routed to its table. */
  private static ChangeEvent routed(String json) throws Exception {
    try (StagingHarness<String, ChangeEvent> router =
        new StagingHarness<>(ShopCdc.source(SHOP).router("shop"))) {
      return router.push(json).rows().get(0);
    }
  }

  @Test
  void aSnapshotReadWithoutCommitTimeClaimsNothing() throws Exception {
    ProgressMarks.Reader<ChangeEvent> events = CdcSource.progress("shop-db", Tenancy.of(SHOP));
    // The router routes by schema.table, so the events now name their schema.
    String snapshot =
        "{\"op\":\"r\",\"after\":{\"tenant_id\":\"acme\"},\"source\":{\"schema\":\"public\",\"table\":\"orders\",\"ts_ms\":0,\"lsn\":0}}";
    String streamed =
        "{\"op\":\"c\",\"after\":{\"tenant_id\":\"acme\"},\"source\":{\"schema\":\"public\",\"table\":\"orders\",\"ts_ms\":5000,\"lsn\":42}}";
    assertThat(events.read(routed(snapshot), 0)).isNull();
    ProgressMark mark = events.read(routed(streamed), 0);
    assertThat(mark.position).isEqualTo("lsn=42");
    assertThat(mark.completeUpTo).isEqualTo(5000L);
    assertThat(mark.key()).isEqualTo("shop-db|orders|acme");
  }

  @Test
  void aChangeOfATenantNotServedClaimsNothing() throws Exception {
    ProgressMarks.Reader<ChangeEvent> events = CdcSource.progress("shop-db", Tenancy.of(SHOP));
    String ghost =
        "{\"op\":\"c\",\"after\":{\"tenant_id\":\"ghost\"},\"source\":{\"schema\":\"public\",\"table\":\"orders\",\"ts_ms\":5000,\"lsn\":42}}";
    assertThat(events.read(routed(ghost), 0)).isNull();
  }
}
