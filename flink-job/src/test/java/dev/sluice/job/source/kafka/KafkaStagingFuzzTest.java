package dev.sluice.job.source.kafka;

import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.staging.StagingFuzz;
import dev.sluice.job.staging.StagingHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Every hostile value in every field of the shop's clicks (see {@link StagingFuzz}). */
class KafkaStagingFuzzTest {

  private static final String CLICK =
      "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
          + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\"2026-11-20T08:00:00Z\"}";
  private static final List<String> CLICK_FIELDS =
      List.of("event_id", "tenant_id", "customer_id", "session_id", "event_type", "sku", "ts");

  @Test
  void clicks() throws Exception {
    PipelineDefinition shop = StagingHarness.shop(Map.of());
    TableDef clicks = shop.source("clicks").tables().get(0);
    Contract contract =
        TableContracts.of(
            clicks,
            clicks.options().get(KafkaSourceOptions.KEY),
            Tenancy.of(shop),
            ValueEncoding.TEXT,
            new KafkaSourceFactory().metadataKeys());
    try (StagingHarness<KafkaRecord, Row> h =
        new StagingHarness<>(
            new JsonRecordStaging(
                "fuzz",
                "clicks",
                contract,
                clicks.options().get(KafkaSourceOptions.SCHEMA_DRIFT)))) {
      long[] offset = {0};
      Function<List<String[]>, KafkaRecord> record =
          changes -> {
            String json =
                StagingFuzz.fill(
                    StagingFuzz.withPlaceholders(StagingFuzz.parse(CLICK), changes).toString(),
                    changes);
            return new KafkaRecord(
                "clicks", 0, offset[0]++, 0L, null, json.getBytes(StandardCharsets.UTF_8));
          };
      StagingFuzz.fuzz(h, CLICK_FIELDS, record, contract);
    }
  }
}
