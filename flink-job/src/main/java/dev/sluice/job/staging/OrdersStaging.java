package dev.sluice.job.staging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** Stages change events of {@code orders} into an upsert changelog keyed by (tenant, order). */
public final class OrdersStaging extends ChangeEventStaging {

  private static final long serialVersionUID = 1L;

  /** The columns of the source table (see ShopGenerator's DDL). */
  static final List<String> COLUMNS =
      List.of(
          "tenant_id",
          "order_id",
          "customer_id",
          "status",
          "amount",
          "currency",
          "created_at",
          "updated_at");

  /** The columns staging reads: all but {@code updated_at}. */
  static final List<String> REQUIRED = COLUMNS.subList(0, 7);

  private final ShopRules rules;

  public OrdersStaging(
      String pipeline,
      String table,
      ShopRules rules,
      SchemaDriftPolicy drift,
      Duration redeliveryRetention) {
    super(
        pipeline,
        "orders",
        table,
        StagedTables.ORDERS_TYPE,
        redeliveryRetention,
        new ColumnDrift(table, drift, COLUMNS, REQUIRED),
        "tenant_id",
        "order_id");
    this.rules = rules;
  }

  @Override
  protected Row key(JsonNode image, long lsn) throws Rejected {
    Row key = new Row(StagedTables.ORDERS_TYPE.getArity());
    key.setField(0, Fields.text("tenant_id", text(image, "tenant_id")));
    key.setField(1, Fields.positiveLong("order_id", text(image, "order_id")));
    key.setField(7, lsn);
    return key;
  }

  @Override
  protected Row row(JsonNode after, long lsn, RowKind kind) throws Rejected {
    Row row = new Row(kind, StagedTables.ORDERS_TYPE.getArity());
    row.setField(0, rules.tenant(text(after, "tenant_id")));
    row.setField(1, Fields.positiveLong("order_id", text(after, "order_id")));
    row.setField(2, Fields.positiveLong("customer_id", text(after, "customer_id")));
    row.setField(3, Fields.oneOf("status", text(after, "status"), ShopRules.ORDER_STATUSES));
    row.setField(4, Fields.amount("amount", text(after, "amount")));
    row.setField(5, rules.currency(text(after, "currency")));
    row.setField(6, Fields.utc(Fields.instant("created_at", text(after, "created_at"))));
    row.setField(7, lsn);
    return row;
  }
}
