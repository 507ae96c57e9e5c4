package dev.sluice.job.staging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Stages change events of {@code customers} into an upsert changelog keyed by (tenant, customer);
 * each row's {@code valid_from} (the source's {@code updated_at}) starts that customer version.
 */
public final class CustomersStaging extends ChangeEventStaging {

  private static final long serialVersionUID = 1L;

  /** The columns of the source table (see ShopGenerator's DDL); staging reads every one. */
  static final List<String> COLUMNS =
      List.of("tenant_id", "customer_id", "name", "segment", "country", "updated_at");

  private final ShopRules rules;

  public CustomersStaging(
      String pipeline,
      String table,
      ShopRules rules,
      SchemaDriftPolicy drift,
      Duration redeliveryRetention) {
    super(
        pipeline,
        "customers",
        table,
        StagedTables.CUSTOMERS_TYPE,
        redeliveryRetention,
        new ColumnDrift(table, drift, COLUMNS, COLUMNS),
        "tenant_id",
        "customer_id");
    this.rules = rules;
  }

  @Override
  protected Row key(JsonNode image, long lsn) throws Rejected {
    Row key = new Row(StagedTables.CUSTOMERS_TYPE.getArity());
    key.setField(0, Fields.text("tenant_id", text(image, "tenant_id")));
    key.setField(1, Fields.positiveLong("customer_id", text(image, "customer_id")));
    key.setField(6, lsn);
    return key;
  }

  @Override
  protected Row row(JsonNode after, long lsn, RowKind kind) throws Rejected {
    Row row = new Row(kind, StagedTables.CUSTOMERS_TYPE.getArity());
    row.setField(0, rules.tenant(text(after, "tenant_id")));
    row.setField(1, Fields.positiveLong("customer_id", text(after, "customer_id")));
    row.setField(2, Fields.text("name", text(after, "name")));
    row.setField(3, Fields.text("segment", text(after, "segment")));
    row.setField(4, Fields.text("country", text(after, "country")));
    row.setField(5, Fields.utc(Fields.instant("updated_at", text(after, "updated_at"))));
    row.setField(6, lsn);
    return row;
  }
}
