package dev.sluice.job.source.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.staging.StagingHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Row;

/**
 * The shop's {@code shop-db} source as sql/shop/pipeline.yaml declares it, its stagings run in the
 * {@link StagingHarness} behind the real router, and Debezium events to push through them.
 */
final class ShopCdc {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The columns the shop's tables have upstream, as the preflight would find them. */
  static final List<String> ORDER_COLUMNS =
      List.of(
          "tenant_id",
          "order_id",
          "customer_id",
          "status",
          "amount",
          "currency",
          "created_at",
          "updated_at");

  static final List<String> CUSTOMER_COLUMNS =
      List.of("tenant_id", "customer_id", "name", "segment", "country", "updated_at");

  private ShopCdc() {}

  static PipelineDefinition shop(Map<String, String> overrides) {
    return StagingHarness.shop(overrides);
  }

  /** The {@code shop-db} source of {@code shop}, built by its factory. */
  static CdcSource source(PipelineDefinition shop) {
    return (CdcSource) new CdcSourceFactory().create(shop.source("shop-db"), shop);
  }

  static TableDef table(PipelineDefinition shop, String table) {
    SourceDef source = shop.source("shop-db");
    return source.tables().stream()
        .filter(t -> t.name().equals(table))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("shop-db has no table " + table));
  }

  static Contract contract(PipelineDefinition shop, String table) {
    return source(shop).contract(table(shop, table), Tenancy.of(shop));
  }

  /** The source's redelivery retention. */
  static Duration redelivery(PipelineDefinition shop) {
    return shop.source("shop-db").options().get(CdcOptions.REDELIVERY_RETENTION);
  }

  /** Raw events of {@code table} through the router into its keyed staging, as in the job. */
  static StagingHarness<String, Row> staging(String table) throws Exception {
    return staging(shop(Map.of()), table, null);
  }

  /**
   * Raw events through the router into the keyed staging of {@code table} of {@code shop}, restored
   * from {@code restored} unless it is null; the captured tables have the columns of {@link
   * #ORDER_COLUMNS} and {@link #CUSTOMER_COLUMNS}.
   */
  static StagingHarness<String, Row> staging(
      PipelineDefinition shop, String table, OperatorSubtaskState restored) throws Exception {
    CdcSource source = source(shop);
    TableDef def = table(shop, table);
    CdcRoute route = source.routes().get(shop.source("shop-db").tables().indexOf(def));
    List<CdcPreflight.Captured> captured =
        List.of(
            new CdcPreflight.Captured(
                "orders", "public.orders", ORDER_COLUMNS, List.of("tenant_id", "order_id")),
            new CdcPreflight.Captured(
                "customers",
                "public.customers",
                CUSTOMER_COLUMNS,
                List.of("tenant_id", "customer_id")));
    CdcTableStaging staging =
        source.tableStaging(
            shop.name(), def, route, source.contract(def, Tenancy.of(shop)), captured);
    return StagingHarness.chain(
        new StagingHarness<>(source.router(shop.name())),
        route.tag(),
        StagingHarness.keyed(staging, event -> event.key, restored));
  }

  /** A Debezium event of {@code table}; {@code image} is the after-image, or before for "d". */
  static String event(String table, String op, ObjectNode image, long lsn) {
    ObjectNode event = JSON.createObjectNode();
    event.set(op.equals("d") ? "before" : "after", image);
    event.putNull(op.equals("d") ? "after" : "before");
    event.putObject("source").put("schema", "public").put("table", table).put("lsn", lsn);
    return event.put("op", op).toString();
  }

  /** An order row with every column of the source table. */
  static ObjectNode order(long id) {
    return JSON.createObjectNode()
        .put("tenant_id", "acme")
        .put("order_id", id)
        .put("customer_id", 7)
        .put("status", "PAID")
        .put("amount", "10.50")
        .put("currency", "EUR")
        .put("created_at", "2026-11-20T10:15:30Z")
        .put("updated_at", "2026-11-20T10:15:30Z");
  }

  /** A customer row with every column of the source table. */
  static ObjectNode customer(String name, String segment) {
    return JSON.createObjectNode()
        .put("tenant_id", "acme")
        .put("customer_id", 7)
        .put("name", name)
        .put("segment", segment)
        .put("country", "DE")
        .put("updated_at", "2026-11-20T10:15:30Z");
  }
}
