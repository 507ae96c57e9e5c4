package dev.sluice.job.contract;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shop's contracts, declared as /work/spec/shop-pipeline.yaml declares them. */
public final class ShopContracts {

  public static final Tenancy TENANCY =
      new Tenancy("tenant_id", Set.of("acme", "globex", "initech", "umbrella", "hooli"));

  public static final Map<String, String> CDC_METADATA =
      Map.of("lsn", "the log sequence number of the change");

  public static final Map<String, String> FILE_METADATA =
      Map.of(
          "file", "the file's path",
          "line", "the line number",
          "batch-id", "the delivery's batch id",
          "extra-fields", "columns the contract does not know, as JSON");

  public static final Map<String, String> KAFKA_METADATA =
      Map.of(
          "position", "topic/partition/offset",
          "extra-fields", "fields the contract does not know, as JSON");

  private static final String RECENT = "2000-01-01T00:00:00Z";
  private static final String NEXT_DAY = "now + 1 d";

  private ShopContracts() {}

  public static Contract orders() {
    return Contract.of(
        "orders",
        List.of(
            Col.of("tenant_id", "STRING").required().spec(),
            Col.of("order_id", "BIGINT").required().min("1").spec(),
            Col.of("customer_id", "BIGINT").required().min("1").spec(),
            Col.of("status", "STRING")
                .required()
                .accepted("PENDING", "PAID", "SHIPPED", "CANCELLED")
                .spec(),
            Col.of("amount", "DECIMAL(12, 2)").required().min("0").spec(),
            Col.of("currency", "STRING").required().accepted("EUR", "USD", "GBP").spec(),
            Col.of("created_at", "TIMESTAMP(3)").required().min(RECENT).max(NEXT_DAY).spec(),
            Col.of("lsn", "BIGINT").metadata("lsn").spec()),
        List.of("tenant_id", "order_id"),
        TENANCY,
        ValueEncoding.DEBEZIUM,
        CDC_METADATA);
  }

  public static Contract customers() {
    return Contract.of(
        "customers",
        List.of(
            Col.of("tenant_id", "STRING").required().spec(),
            Col.of("customer_id", "BIGINT").required().min("1").spec(),
            Col.of("name", "STRING").required().spec(),
            Col.of("segment", "STRING").required().spec(),
            Col.of("country", "STRING").required().spec(),
            Col.of("valid_from", "TIMESTAMP(3)")
                .from("updated_at")
                .required()
                .min(RECENT)
                .max(NEXT_DAY)
                .spec(),
            Col.of("lsn", "BIGINT").metadata("lsn").spec()),
        List.of("tenant_id", "customer_id"),
        TENANCY,
        ValueEncoding.DEBEZIUM,
        CDC_METADATA);
  }

  public static Contract payments() {
    return Contract.of(
        "payments",
        List.of(
            Col.of("tenant_id", "STRING").required().spec(),
            Col.of("payment_id", "STRING").required().spec(),
            Col.of("order_id", "BIGINT").required().min("1").spec(),
            Col.of("amount", "DECIMAL(12, 2)").required().min("0").spec(),
            Col.of("currency", "STRING").required().accepted("EUR", "USD", "GBP").spec(),
            Col.of("settled_at", "TIMESTAMP(3)")
                .required()
                .min(RECENT)
                .max(NEXT_DAY)
                .withinPartition("dt")
                .spec(),
            Col.of("dt", "DATE").required().spec(),
            Col.of("source_file", "STRING").metadata("file").spec(),
            Col.of("source_line", "BIGINT").metadata("line").spec(),
            Col.of("batch_id", "STRING").metadata("batch-id").spec(),
            Col.of("extra_fields", "STRING").metadata("extra-fields").spec()),
        List.of("tenant_id", "payment_id"),
        TENANCY,
        ValueEncoding.TEXT,
        FILE_METADATA);
  }

  public static Contract clicks() {
    return Contract.of(
        "clicks",
        List.of(
            Col.of("tenant_id", "STRING").required().spec(),
            Col.of("event_id", "STRING").required().spec(),
            Col.of("customer_id", "BIGINT").required().min("1").spec(),
            Col.of("session_id", "STRING").required().spec(),
            Col.of("event_type", "STRING")
                .required()
                .accepted("view", "add_to_cart", "checkout")
                .spec(),
            Col.of("sku", "STRING").untrimmed().spec(),
            Col.of("event_time", "TIMESTAMP_LTZ(3)")
                .from("ts")
                .required()
                .min(RECENT)
                .max(NEXT_DAY)
                .spec(),
            Col.of("source_position", "STRING").metadata("position").spec(),
            Col.of("extra_fields", "STRING").metadata("extra-fields").spec()),
        List.of("tenant_id", "event_id"),
        TENANCY,
        ValueEncoding.TEXT,
        KAFKA_METADATA);
  }
}
