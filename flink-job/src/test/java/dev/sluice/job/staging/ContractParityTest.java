package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.file.FileLine;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.HostileValues;
import dev.sluice.job.config.SchemaDriftPolicy;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.JsonRecordFields;
import dev.sluice.job.contract.MetadataValues;
import dev.sluice.job.contract.RecordFields;
import dev.sluice.job.contract.ShopContracts;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/**
 * The shop's contracts (declared as shop-pipeline.yaml declares them) against today's staging:
 * every hostile value, as a JSON string and as a raw token, in every field of every source gives
 * the same reason or the same row, but for the differences the contract makes on purpose (see
 * {@link #onPurpose}). Input no contract sees (not JSON, not a CSV line of the header's columns) is
 * left out.
 */
class ContractParityTest {

  private static final ObjectMapper JSON = StrictJson.mapper();
  private static final ObjectMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final ShopRules RULES =
      new ShopRules(List.copyOf(ShopContracts.TENANCY.allowed()), List.of("EUR", "USD", "GBP"));
  private static final Set<String> INTEGERS = Set.of("order_id", "customer_id");
  private static final Set<String> UTC_TIMESTAMPS =
      Set.of("created_at", "updated_at", "settled_at");

  @Test
  void orders() throws Exception {
    OrdersStaging old =
        new OrdersStaging(
            "shop", "public.orders", RULES, SchemaDriftPolicy.EVOLVE, StagingHarness.REDELIVERY);
    Writable writable = new Writable(StagedTables.ORDERS_TYPE, List.of("tenant_id", "order_id"));
    compareChanges(
        ChangeEventStagingTest.order(1).put("currency", "EUR"),
        OrdersStaging.REQUIRED,
        ShopContracts.orders(),
        after -> writable.check(old.row(after, 7, RowKind.INSERT)));
  }

  @Test
  void customers() throws Exception {
    CustomersStaging old =
        new CustomersStaging(
            "shop", "public.customers", RULES, SchemaDriftPolicy.EVOLVE, StagingHarness.REDELIVERY);
    Writable writable =
        new Writable(StagedTables.CUSTOMERS_TYPE, List.of("tenant_id", "customer_id"));
    ObjectNode customer =
        JSON.createObjectNode()
            .put("tenant_id", "acme")
            .put("customer_id", 1)
            .put("name", "Ada")
            .put("segment", "retail")
            .put("country", "DE")
            .put("updated_at", "2026-11-20T10:15:30Z");
    compareChanges(
        customer,
        CustomersStaging.COLUMNS,
        ShopContracts.customers(),
        after -> writable.check(old.row(after, 7, RowKind.INSERT)));
  }

  @Test
  void clicks() throws Exception {
    ClicksStaging old = new ClicksStaging("shop", RULES, SchemaDriftPolicy.EVOLVE);
    Contract contract = ShopContracts.clicks();
    ObjectNode click =
        JSON.createObjectNode()
            .put("event_id", "e1")
            .put("tenant_id", "acme")
            .put("customer_id", 3)
            .put("session_id", "s")
            .put("event_type", "view")
            .put("sku", "sku-1")
            .put("ts", "2026-11-20T08:00:00Z");
    int compared = 0;
    for (String field : ClicksStaging.FIELDS) {
      for (String value : HostileValues.ALL) {
        for (String token : List.of(quoted(value), value)) {
          byte[] json = with(click, field, token).getBytes(StandardCharsets.UTF_8);
          KafkaRecord record = new KafkaRecord("clicks", 0, 1, 0L, null, json);
          List<Row> rows = new ArrayList<>();
          String before;
          try {
            old.stage(record, null, new ListCollector<>(rows));
            before = outcome(rows.get(0));
          } catch (Rejected r) {
            before = r.reason().name();
          }
          JsonNode parsed = parse(json);
          if (parsed == null) {
            assertThat(before).as(field + "=" + token).isIn("MALFORMED", "SCHEMA_MISMATCH");
            continue;
          }
          String after =
              outcome(
                  contract,
                  new JsonRecordFields(parsed),
                  key -> key.equals("position") ? "clicks/0/1" : null);
          compare(field, new JsonRecordFields(parsed).text(field), before, after);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(ClicksStaging.FIELDS.size() * HostileValues.ALL.size());
  }

  @Test
  void payments() throws Exception {
    PaymentLineParser old = new PaymentLineParser(RULES, SchemaDriftPolicy.EVOLVE);
    Writable writable =
        new Writable(StagedTables.PAYMENTS_TYPE, List.of("tenant_id", "payment_id"));
    Contract contract = ShopContracts.payments();
    String path = "file:/landing/payments/dt=2026-11-20/tenant=acme/p.csv";
    List<String> cells = List.of("p1", "42", "acme", "19.99", "EUR", "2026-11-20T08:00:00Z");
    for (String field : SettlementHeader.COLUMNS) {
      for (String value : HostileValues.ALL) {
        List<String> line = new ArrayList<>(cells);
        line.set(SettlementHeader.COLUMNS.indexOf(field), value.replaceAll("[\r\n]", " "));
        FileLine fileLine = new FileLine();
        fileLine.path = path;
        fileLine.lineNumber = 2;
        fileLine.text = String.join(",", line);
        String before;
        try {
          before = outcome(writable.check(old.parse(fileLine, "b1", PaymentLineParser.HEADER)));
        } catch (Rejected r) {
          before = r.reason().name();
        }
        // The file source splits the line by its header and gives the partition's day.
        String[] split = fileLine.text.strip().split(",", -1);
        if (split.length != SettlementHeader.COLUMNS.size() || fileLine.text.contains("\"")) {
          assertThat(before).as(field + "=" + value).isIn("SCHEMA_MISMATCH", "MALFORMED");
          continue;
        }
        Map<String, String> fields = new HashMap<>(Map.of("dt", "2026-11-20"));
        for (int i = 0; i < split.length; i++) {
          fields.put(SettlementHeader.COLUMNS.get(i), split[i]);
        }
        Map<String, Object> metadata = Map.of("file", path, "line", 2L, "batch-id", "b1");
        String after = outcome(contract, fields::get, metadata::get);
        compare(field, fields.get(field), before, after);
      }
    }
  }

  /** A CDC source's after-images, each with one field replaced. */
  private void compareChanges(
      ObjectNode image, List<String> fields, Contract contract, OldStaging old) throws Exception {
    for (String field : fields) {
      for (String value : HostileValues.ALL) {
        for (String token : List.of(quoted(value), value)) {
          JsonNode after = parse(with(image, field, token).getBytes(StandardCharsets.UTF_8));
          if (after == null) {
            continue;
          }
          String before;
          try {
            before = outcome(old.row(after));
          } catch (Rejected r) {
            before = r.reason().name();
          } catch (RuntimeException e) {
            before = "MALFORMED";
          }
          String now = outcome(contract, new JsonRecordFields(after), key -> 7L);
          compare(field, new JsonRecordFields(after).text(field), before, now);
        }
      }
    }
  }

  private static void compare(String field, String text, String before, String after) {
    if (!before.equals(after)) {
      assertThat(onPurpose(field, text, before, after))
          .as(field + "='" + text + "': staging " + before + ", contract " + after)
          .isTrue();
    }
  }

  /**
   * The differences the contract makes on purpose: an integer beyond 64 bits is an INVALID_VALUE
   * (out of range), not an INVALID_TYPE; only ASCII digits make an integer (Long.parseLong took any
   * Unicode digit); a TIMESTAMP column takes a timestamp without offset as UTC; and a CDC TIMESTAMP
   * column takes an integer as Debezium's epoch milliseconds.
   */
  private static boolean onPurpose(String field, String text, String before, String after) {
    boolean integer = text != null && text.strip().matches("[-+]?[0-9]+");
    if (INTEGERS.contains(field)) {
      return integer && before.equals("INVALID_TYPE") && after.equals("INVALID_VALUE")
          || text != null
              && text.strip().matches("[-+]?\\p{Nd}+")
              && !integer
              && before.startsWith("ROW")
              && after.equals("INVALID_TYPE");
    }
    if (UTC_TIMESTAMPS.contains(field) && before.equals("INVALID_TYPE")) {
      boolean cdc = !field.equals("settled_at");
      return text.strip().matches("[-+]?\\d{4,}-\\d\\d-\\d\\dT[0-9:.]+") || cdc && integer;
    }
    return false;
  }

  private static String outcome(Contract contract, RecordFields fields, MetadataValues metadata) {
    try {
      return outcome(contract.writable(contract.row(fields, metadata)));
    } catch (dev.sluice.job.contract.Rejected r) {
      return r.reason().name();
    }
  }

  /** A staged row as text, its times at the milliseconds the contracts declare. */
  private static String outcome(Row row) {
    for (int i = 0; i < row.getArity(); i++) {
      if (row.getField(i) instanceof LocalDateTime) {
        row.setField(i, ((LocalDateTime) row.getField(i)).truncatedTo(ChronoUnit.MILLIS));
      }
    }
    return "ROW " + row;
  }

  private static String with(ObjectNode node, String field, String token) {
    return node.deepCopy().put(field, "@@").toString().replace("\"@@\"", token);
  }

  private static JsonNode parse(byte[] json) {
    try {
      JsonNode node = JSON.readTree(new String(json, StandardCharsets.UTF_8));
      return node != null && node.isObject() ? node : null;
    } catch (Exception notJson) {
      return null;
    }
  }

  private static String quoted(String value) throws Exception {
    return ESCAPING.writeValueAsString(value);
  }

  /** Today's staging of one after-image. */
  private interface OldStaging {
    Row row(JsonNode after) throws Rejected;
  }
}
