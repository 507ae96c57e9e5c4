package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Stages Debezium change events (JSON) of the {@code orders} table into an upsert changelog keyed
 * by (tenant_id, order_id).
 *
 * <p>Policy for an invalid after-image: the change is dead-lettered and the key is deleted from
 * staging, so curated data never keeps a version the source has since replaced by a bad one.
 */
public final class OrdersStaging extends StagingFunction<String> {

  private static final long serialVersionUID = 1L;

  private final ShopRules rules;
  private transient ObjectMapper mapper;

  public OrdersStaging(String pipeline, ShopRules rules) {
    super(pipeline, "orders");
    this.rules = rules;
  }

  @Override
  protected void stage(String json, Context ctx, Collector<Row> out) throws Rejected {
    JsonNode event = parse(json);
    String op = event.path("op").asText("");
    long lsn = event.path("source").path("lsn").asLong(-1);
    switch (op) {
      case "r":
      case "c":
      case "u":
        JsonNode after = event.path("after");
        Row key = key(after, lsn);
        try {
          out.collect(order(after, lsn, op.equals("u") ? RowKind.UPDATE_AFTER : RowKind.INSERT));
        } catch (Rejected invalid) {
          key.setKind(RowKind.DELETE);
          out.collect(key);
          throw invalid;
        }
        return;
      case "d":
        Row deleted = key(event.path("before"), lsn);
        deleted.setKind(RowKind.DELETE);
        out.collect(deleted);
        return;
      default:
        throw new Rejected(SCHEMA_MISMATCH, "unknown change operation op='" + op + "'");
    }
  }

  private JsonNode parse(String json) throws Rejected {
    if (mapper == null) {
      mapper = new ObjectMapper();
    }
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || !node.isObject()) {
        throw new Rejected(MALFORMED, "change event is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "change event is not JSON: " + e.getOriginalMessage());
    }
  }

  private Row key(JsonNode image, long lsn) throws Rejected {
    if (!image.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "change event has no row image");
    }
    Row key = new Row(StagedTables.ORDERS_TYPE.getArity());
    key.setField(0, Fields.text("tenant_id", text(image, "tenant_id")));
    key.setField(1, Fields.positiveLong("order_id", text(image, "order_id")));
    key.setField(7, lsn);
    return key;
  }

  private Row order(JsonNode after, long lsn, RowKind kind) throws Rejected {
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

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  protected String payload(String json) {
    return json;
  }

  @Override
  protected String position(String json) {
    try {
      JsonNode event = parse(json);
      JsonNode image = event.path("after").isObject() ? event.path("after") : event.path("before");
      return "lsn="
          + event.path("source").path("lsn").asText("?")
          + " table="
          + event.path("source").path("schema").asText("?")
          + "."
          + event.path("source").path("table").asText("?")
          + " key="
          + image.path("tenant_id").asText("?")
          + "/"
          + image.path("order_id").asText("?")
          + " op="
          + event.path("op").asText("?");
    } catch (Rejected | RuntimeException e) {
      return "lsn=? (unparseable event of " + json.length() + " chars)";
    }
  }
}
