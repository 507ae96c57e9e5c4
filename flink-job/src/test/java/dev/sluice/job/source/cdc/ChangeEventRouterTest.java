package dev.sluice.job.source.cdc;

import static dev.sluice.job.source.cdc.ShopCdc.customer;
import static dev.sluice.job.source.cdc.ShopCdc.event;
import static dev.sluice.job.source.cdc.ShopCdc.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.staging.StagingHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The router of a CDC source: each event parsed once, routed to the staging of its table by name or
 * pattern (and to the main output, for progress), events of other tables ignored, and events that
 * name no table or hold no row image dead letters of the source.
 */
class ChangeEventRouterTest {

  private static final PipelineDefinition SHOP = ShopCdc.shop(Map.of());

  private static String ofTable(String schema, String table, String op, String image, long lsn) {
    return "{\"before\":null,\"after\":"
        + image
        + ",\"source\":{\"schema\":\""
        + schema
        + "\",\"table\":\""
        + table
        + "\",\"lsn\":"
        + lsn
        + ",\"ts_ms\":1764000000000},\"op\":\""
        + op
        + "\"}";
  }

  @Test
  void eachEventIsParsedOnceWhateverBecomesOfIt() throws Exception {
    ChangeEventRouter router = ShopCdc.source(SHOP).router("shop");
    try (StagingHarness<String, ChangeEvent> h = new StagingHarness<>(router)) {
      h.push(event("orders", "c", order(1), 10))
          .push(event("audit", "c", order(1), 11))
          .push(event("orders", "c", null, 12))
          .push("{\"op\":\"c\",\"after\":{}}")
          .push("not json")
          .push("[1]");
      assertThat(router.parses).isEqualTo(6);
      assertThat(h.rows()).hasSize(1);
      assertThat(h.deadLetters()).hasSize(4);
    }
  }

  @Test
  void eventsAreRoutedToTheTableNamingTheirCapturedTable() throws Exception {
    CdcSource source = ShopCdc.source(SHOP);
    List<CdcRoute> routes = source.routes();
    try (StagingHarness<String, ChangeEvent> h = new StagingHarness<>(source.router("shop"))) {
      h.push(
              ofTable(
                  "public",
                  "orders",
                  "u",
                  order(1)
                      .put("note", (String) null)
                      .set("tags", ShopCdc.JSON.createArrayNode().add("a"))
                      .toString(),
                  42))
          .push(event("customers", "d", customer("Ada", "smb"), 43))
          .push(event("orders", "r", order(2), 0));
      assertThat(h.sideOutput(routes.get(0).tag()))
          .extracting(e -> e.table + " " + e.upstream + " " + e.op + " " + e.lsn + " " + e.key)
          .containsExactly(
              "orders public.orders u 42 public.orders/acme/1",
              "orders public.orders r 0 public.orders/acme/2");
      assertThat(h.sideOutput(routes.get(1).tag()))
          .singleElement()
          .satisfies(
              deleted -> {
                assertThat(deleted.key).isEqualTo("public.customers/acme/7");
                assertThat(deleted.op).isEqualTo("d");
                // A delete's image is its before-image.
                assertThat(deleted.fields().text("name")).isEqualTo("Ada");
              });
      ChangeEvent update = h.sideOutput(routes.get(0).tag()).get(0);
      assertThat(update.commitMillis).isEqualTo(1764000000000L);
      assertThat(update.streamed()).isTrue();
      assertThat(update.fields().text("order_id")).isEqualTo("1");
      assertThat(update.fields().text("amount")).isEqualTo("10.50");
      assertThat(update.fields().text("note")).isNull();
      assertThat(update.fields().text("tags")).isEqualTo("[\"a\"]");
      assertThat(update.fields().text("no_such_column")).isNull();
      assertThat(update.json).contains("\"lsn\":42");
      assertThat(h.sideOutput(routes.get(0).tag()).get(1).streamed())
          .as("a snapshot read")
          .isFalse();
      // Every routed event also goes to the main output, for progress marks.
      assertThat(h.rows()).extracting(e -> e.lsn).containsExactly(42L, 43L, 0L);
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void aTablePatternTakesEveryTableItMatchesWhole() throws Exception {
    CdcRoute monthly =
        new CdcRoute("orders", null, "public\\.orders_\\d{4}", List.of("tenant_id", "order_id"));
    ChangeEventRouter router = new ChangeEventRouter("shop", "shop-db", List.of(monthly));
    try (StagingHarness<String, ChangeEvent> h = new StagingHarness<>(router)) {
      h.push(ofTable("public", "orders_2026", "c", order(1).toString(), 1))
          .push(ofTable("public", "orders_2027", "c", order(1).toString(), 2))
          .push(ofTable("public", "orders_2026_old", "c", order(1).toString(), 3))
          .push(ofTable("archive", "orders_2026", "c", order(1).toString(), 4))
          .push(ofTable("public", "orders", "c", order(1).toString(), 5));
      assertThat(h.sideOutput(monthly.tag()))
          .extracting(e -> e.table + " " + e.upstream + " " + e.key)
          .containsExactly(
              "orders public.orders_2026 public.orders_2026/acme/1",
              "orders public.orders_2027 public.orders_2027/acme/1");
      assertThat(h.rows()).hasSize(2);
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void eventsOfTablesNoDefinitionTakesAreNotRecordsOfTheSource() throws Exception {
    try (StagingHarness<String, ChangeEvent> h =
        new StagingHarness<>(ShopCdc.source(SHOP).router("shop"))) {
      h.push(event("audit", "c", order(1), 1))
          .push(ofTable("private", "orders", "c", order(1).toString(), 2))
          .push(ofTable("public", "audit", "d", "null", 3));
      assertThat(h.rows()).isEmpty();
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  @Test
  void anEventThatIsNotJsonOrNamesNoTableOrHoldsNoImageIsADeadLetterOfTheSource() throws Exception {
    try (StagingHarness<String, ChangeEvent> h =
        new StagingHarness<>(ShopCdc.source(SHOP).router("shop"))) {
      h.push("not json")
          .push("[1, 2]")
          .push("{\"op\":\"c\",\"after\":{\"order_id\":1}}")
          .push("{\"op\":\"c\",\"after\":{\"order_id\":1},\"source\":\"public.orders\"}")
          .push(event("orders", "c", null, 7))
          .push(event("orders", "d", null, 8))
          .push(ofTable("public", "orders", "t", "null", 9));
      assertThat(h.deadLetters())
          .extracting(d -> d.reason + " | " + d.position + " | " + d.detail)
          .containsExactly(
              "MALFORMED | lsn=? (unparseable event of 8 chars) | change event is not JSON:"
                  + " Unrecognized token 'not': was expecting (JSON String, Number, Array, Object"
                  + " or token 'null', 'true' or 'false')",
              "MALFORMED | lsn=? (unparseable event of 6 chars) | change event is not a JSON"
                  + " object",
              "SCHEMA_MISMATCH | lsn=? table=. | change event has no source block naming its"
                  + " table",
              "SCHEMA_MISMATCH | lsn=? table=. | change event has no source block naming its"
                  + " table",
              "SCHEMA_MISMATCH | lsn=7 table=public.orders | change event has no row image",
              "SCHEMA_MISMATCH | lsn=8 table=public.orders | change event has no row image",
              "SCHEMA_MISMATCH | lsn=9 table=public.orders | change event has no row image");
      assertThat(h.deadLetters())
          .allSatisfy(
              d -> {
                assertThat(d.source).isEqualTo("shop-db");
                assertThat(d.payload).isNotNull();
              });
      assertThat(h.deadLetters().get(0).payload).isEqualTo("not json");
      assertThat(h.rows()).isEmpty();
    }
  }
}
