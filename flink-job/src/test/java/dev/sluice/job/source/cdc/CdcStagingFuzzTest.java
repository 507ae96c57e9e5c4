package dev.sluice.job.source.cdc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.staging.StagingFuzz;
import dev.sluice.job.staging.StagingHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * Every hostile value in every field the shop's CDC tables read (see {@link StagingFuzz}), pushed
 * as raw Debezium JSON through the router into the keyed staging: one row or one dead letter each.
 */
class CdcStagingFuzzTest {

  private static final PipelineDefinition SHOP = ShopCdc.shop(Map.of());

  @Test
  void orders() throws Exception {
    fuzzChanges("orders", ShopCdc.order(1), "order_id");
  }

  @Test
  void customers() throws Exception {
    ObjectNode customer =
        ShopCdc.JSON
            .createObjectNode()
            .put("tenant_id", "acme")
            .put("customer_id", 1)
            .put("name", "Ada")
            .put("segment", "retail")
            .put("country", "DE")
            .put("updated_at", "2026-11-20T10:15:30Z");
    fuzzChanges("customers", customer, "customer_id");
  }

  /** CDC inserts of fresh keys, with the after-image's fields replaced. */
  private static void fuzzChanges(String table, ObjectNode image, String idField) throws Exception {
    try (StagingHarness<String, Row> h = ShopCdc.staging(SHOP, table, null)) {
      long[] id = {1};
      Function<List<String[]>, String> record =
          changes -> {
            ObjectNode after = image.deepCopy();
            after.put(idField, id[0]++);
            StagingFuzz.withPlaceholders(after, changes);
            return StagingFuzz.fill(ShopCdc.event(table, "c", after, 1000 + id[0]), changes);
          };
      var contract = ShopCdc.contract(SHOP, table);
      StagingFuzz.fuzz(h, new ArrayList<>(contract.sourceFields()), record, contract);
    }
  }
}
