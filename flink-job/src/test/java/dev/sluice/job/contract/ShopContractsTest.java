package dev.sluice.job.contract;

import static dev.sluice.job.contract.Contracts.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The shop's columns as sql/shop/pipeline.yaml declares them, fed the inputs of the staging tests
 * (OrdersStagingTest, CustomersStagingTest, ClicksStagingTest, PaymentsStagingTest): the same
 * reasons, and the details name the field and value.
 */
class ShopContractsTest {

  private static final ObjectMapper JSON = StrictJson.mapper();

  private static final String CLICK =
      "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
          + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\"2026-11-20T08:00:00.250Z\"}";

  private static final String HEADER = "payment_id,order_id,tenant_id,amount,currency,settled_at";

  private static String order(String tenant, long id, String amount, String currency) {
    return "{\"tenant_id\":\""
        + tenant
        + "\",\"order_id\":"
        + id
        + ",\"customer_id\":7,\"status\":\"PAID\",\"amount\":\""
        + amount
        + "\",\"currency\":\""
        + currency
        + "\",\"created_at\":\"2026-11-20T10:15:30.123456Z\"}";
  }

  private static RecordFields json(String json) {
    try {
      return new JsonRecordFields(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The staged, writable row of {@code record}. */
  private static Row staged(Contract contract, RecordFields record, MetadataValues metadata)
      throws Rejected {
    return contract.writable(contract.row(record, metadata));
  }

  private static String rejectedOrder(String json) {
    Contract orders = ShopFile.orders();
    return rejected(() -> staged(orders, json(json), key -> 100L));
  }

  private static String rejectedClick(String json) {
    Contract clicks = ShopFile.clicks();
    return rejected(() -> staged(clicks, json(json), key -> null));
  }

  /** A settlement line of a file under dt=2026-11-20, split by the header as the source does. */
  private static RecordFields line(String line) {
    Map<String, String> fields = new HashMap<>(Map.of("dt", "2026-11-20"));
    String[] names = HEADER.split(",");
    String[] cells = line.split(",", -1);
    for (int i = 0; i < names.length; i++) {
      fields.put(names[i], cells[i]);
    }
    return fields::get;
  }

  private static String rejectedLine(String line) {
    Contract payments = ShopFile.payments();
    return rejected(() -> staged(payments, line(line), key -> null));
  }

  @Test
  void aGoodOrderIsStagedWithItsLsn() throws Exception {
    Row row = staged(ShopFile.orders(), json(order("acme", 1, "10.50", "EUR")), key -> 100L);
    assertThat(row)
        .isEqualTo(
            Row.of(
                "acme",
                1L,
                7L,
                "PAID",
                new BigDecimal("10.50"),
                "EUR",
                LocalDateTime.parse("2026-11-20T10:15:30.123"),
                100L));
  }

  @Test
  void eachKindOfBadOrderGetsTodaysReason() {
    assertThat(rejectedOrder(order("ghost", 1, "1.00", "EUR")))
        .isEqualTo("UNKNOWN_TENANT tenant_id 'ghost' is not served");
    assertThat(rejectedOrder(order("acme", 2, "1.00", "XXX")))
        .isEqualTo("INVALID_VALUE field currency = 'XXX' is not one of [EUR, USD, GBP]");
    assertThat(rejectedOrder(order("acme", 3, "1.001", "EUR")))
        .isEqualTo("INVALID_VALUE field amount does not fit DECIMAL(12,2): 1.001");
    assertThat(rejectedOrder("{\"tenant_id\":\"acme\"}"))
        .isEqualTo("MISSING_FIELD field order_id is missing or empty");
    assertThat(rejectedOrder(order("acme", 5, "-3.00", "EUR")))
        .isEqualTo("INVALID_VALUE field amount must be >= 0: -3.00");
    assertThat(rejectedOrder(order("acme", 0, "1.00", "EUR")))
        .isEqualTo("INVALID_VALUE field order_id must be >= 1: 0");
    assertThat(rejectedOrder(order("acme", 6, "1.00", "EUR").replace("PAID", "LOST")))
        .isEqualTo(
            "INVALID_VALUE field status = 'LOST' is not one of [PENDING, PAID, SHIPPED, CANCELLED]");
  }

  @Test
  void aCustomerVersionIsValidFromItsUpdatedAt() throws Exception {
    String customer =
        "{\"tenant_id\":\"acme\",\"customer_id\":7,\"name\":\"Ada\",\"segment\":\"smb\","
            + "\"country\":\"DE\",\"updated_at\":\"2026-11-21T02:00:00Z\"}";
    Contract customers = ShopFile.customers();
    assertThat(staged(customers, json(customer), key -> 11L))
        .isEqualTo(
            Row.of("acme", 7L, "Ada", "smb", "DE", LocalDateTime.parse("2026-11-21T02:00"), 11L));
    assertThat(rejected(() -> staged(customers, json(customer.replace("acme", "ghost")), k -> 13L)))
        .isEqualTo("UNKNOWN_TENANT tenant_id 'ghost' is not served");
    assertThat(
            rejected(
                () ->
                    staged(customers, json(customer.replace("2026-11-21", "1999-01-01")), k -> 1L)))
        .isEqualTo(
            "INVALID_VALUE field updated_at is outside [2000-01-01T00:00:00Z, now + 1 d]:"
                + " 1999-01-01T02:00");
  }

  @Test
  void aGoodClickIsStagedWithEventTimeAndPosition() throws Exception {
    Row row =
        staged(
            ShopFile.clicks(), json(CLICK), key -> key.equals("position") ? "clicks/1/10" : null);
    assertThat(row)
        .isEqualTo(
            Row.of(
                "acme",
                "e1",
                3L,
                "s",
                "view",
                "sku-1",
                Instant.parse("2026-11-20T08:00:00.250Z"),
                "clicks/1/10",
                null));
  }

  @Test
  void eachKindOfBadClickGetsTodaysReason() {
    assertThat(rejectedClick(CLICK.replace("\"event_id\":\"e1\",", "")))
        .isEqualTo("MISSING_FIELD field event_id is missing or empty");
    assertThat(rejectedClick(CLICK.replace("view", "hover")))
        .isEqualTo(
            "INVALID_VALUE field event_type = 'hover' is not one of [view, add_to_cart, checkout]");
    assertThat(rejectedClick(CLICK.replace("2026-11-20T08:00:00.250Z", "3026-01-01T00:00:00Z")))
        .isEqualTo(
            "INVALID_VALUE field ts is outside [2000-01-01T00:00:00Z, now + 1 d]:"
                + " 3026-01-01T00:00:00Z");
    assertThat(rejectedClick(CLICK.replace("acme", "ghost")))
        .isEqualTo("UNKNOWN_TENANT tenant_id 'ghost' is not served");
    assertThat(rejectedClick(CLICK.replace("2026-11-20T08:00:00.250Z", "2026-11-20T08:00:00")))
        .isEqualTo(
            "INVALID_TYPE field ts is not an ISO-8601 timestamp with offset:"
                + " '2026-11-20T08:00:00'");
  }

  @Test
  void unwritableClicksAreInvalidNamingTheField() throws Exception {
    assertThat(rejectedClick(CLICK.replace("sku-1", "sku\\u0000-1")))
        .isEqualTo(
            "INVALID_VALUE field sku holds U+0000 (the NUL character, which Postgres text cannot"
                + " hold) at character 3");
    assertThat(rejectedClick(CLICK.replace("\"s\"", "\"s\\ud800\"")))
        .isEqualTo(
            "INVALID_VALUE field session_id holds U+D800 (an unpaired UTF-16 surrogate, which"
                + " UTF-8 cannot encode) at character 1");
    assertThat(rejectedClick(CLICK.replace("e1", "e".repeat(3000))))
        .isEqualTo(
            "INVALID_VALUE key fields (tenant_id, event_id) take 3004 bytes; a key may take at"
                + " most 2000 (a Postgres index entry holds 2704)");
    Row fourBytes =
        staged(ShopFile.clicks(), json(CLICK.replace("sku-1", "sku-\uD83D\uDE00")), k -> null);
    assertThat(fourBytes.getField(5)).as("4-byte UTF-8 is written as it is").isEqualTo("sku-😀");
    Row blankSku = staged(ShopFile.clicks(), json(CLICK.replace("sku-1", "  ")), k -> null);
    assertThat(blankSku.getField(5)).as("sku is not trimmed").isEqualTo("  ");
  }

  @Test
  void aGoodSettlementLineIsStagedWithItsPosition() throws Exception {
    Map<String, Object> metadata = Map.of("file", "f.csv", "line", 2L, "batch-id", "b1");
    Row row =
        staged(
            ShopFile.payments(), line("p1,42,acme,19.99,EUR,2026-11-20T08:00:00Z"), metadata::get);
    assertThat(row)
        .isEqualTo(
            Row.of(
                "acme",
                "p1",
                42L,
                new BigDecimal("19.99"),
                "EUR",
                LocalDateTime.parse("2026-11-20T08:00"),
                LocalDate.parse("2026-11-20"),
                "f.csv",
                2L,
                "b1",
                null));
  }

  @Test
  void eachKindOfBadSettlementLineGetsTodaysReason() {
    for (String[] bad :
        List.of(
            new String[] {"p2,42,acme,abc,EUR,2026-11-20T08:00:00Z", "INVALID_TYPE"},
            new String[] {"p4,42,acme,1.00,EUR,2026-11-21T08:00:00Z", "PARTITION_MISMATCH"},
            new String[] {"p5,42,acme,1.00,DOGE,2026-11-20T08:00:00Z", "INVALID_VALUE"},
            new String[] {"p6,x,acme,1.00,EUR,2026-11-20T08:00:00Z", "INVALID_TYPE"},
            new String[] {"n1,100,acme,7\u00002.00,EUR,2026-11-20T08:00:00Z", "INVALID_TYPE"},
            new String[] {"x1,100,acme,-1.00,EUR,2026-11-20T10:00:00Z", "INVALID_VALUE"},
            new String[] {"p7,42,acme,1.00,EUR,yesterday", "INVALID_TYPE"},
            new String[] {"p8,42,ghost,1.00,EUR,2026-11-20T08:00:00Z", "UNKNOWN_TENANT"})) {
      assertThat(rejectedLine(bad[0])).as(bad[0]).startsWith(bad[1] + " ");
    }
    assertThat(rejectedLine("p4,42,acme,1.00,EUR,2026-11-21T08:00:00Z"))
        .isEqualTo(
            "PARTITION_MISMATCH settled_at 2026-11-21T08:00 (UTC) is not in partition"
                + " dt=2026-11-20");
    assertThat(rejectedLine("p2,42,acme,abc,EUR,2026-11-20T08:00:00Z"))
        .isEqualTo("INVALID_TYPE field amount is not a plain decimal: 'abc'");
  }
}
