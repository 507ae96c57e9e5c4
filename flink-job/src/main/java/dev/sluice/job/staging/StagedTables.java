package dev.sluice.job.staging;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.types.DataType;

/** Names, stream types and table schemas of the staged tables that the SQL layer reads. */
public final class StagedTables {

  private StagedTables() {}

  /** Staged orders: an upsert changelog keyed by (tenant_id, order_id). */
  public static final String ORDERS = "stg_orders";

  /** Staged customers: an upsert changelog keyed by (tenant_id, customer_id), the current row. */
  public static final String CUSTOMERS = "stg_customers";

  /**
   * Every customer version: keyed by (tenant_id, customer_id, valid_from), never deleted (a
   * customer deleted at the source keeps the history its orders were placed under).
   */
  public static final String CUSTOMER_VERSIONS = "stg_customer_versions";

  /** Staged payments: append-only settlement lines. */
  public static final String PAYMENTS = "stg_payments";

  /** Staged clicks: append-only, with an event-time attribute {@code rowtime}. */
  public static final String CLICKS = "stg_clicks";

  public static final RowTypeInfo ORDERS_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.LONG,
            Types.LONG,
            Types.STRING,
            Types.BIG_DEC,
            Types.STRING,
            Types.LOCAL_DATE_TIME,
            Types.LONG
          },
          new String[] {
            "tenant_id",
            "order_id",
            "customer_id",
            "status",
            "amount",
            "currency",
            "created_at",
            "lsn"
          });

  public static final RowTypeInfo CUSTOMERS_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.LONG,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.LOCAL_DATE_TIME,
            Types.LONG
          },
          new String[] {
            "tenant_id", "customer_id", "name", "segment", "country", "valid_from", "lsn"
          });

  /** Rows of {@code ops.batch_ledger}, one per (batch_id, sha256): each version of a batch. */
  public static final RowTypeInfo LEDGER_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.LOCAL_DATE_TIME,
            Types.LOCAL_DATE_TIME
          },
          new String[] {
            "batch_id",
            "sha256",
            "row_count",
            "status",
            "manifest",
            "deliveries",
            "loaded_at",
            "last_delivered_at"
          });

  /** Rows of {@code ops.pipeline_progress}: per stage and tenant, complete up to when. */
  public static final RowTypeInfo PROGRESS_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING, Types.STRING, Types.LOCAL_DATE_TIME, Types.STRING, Types.LOCAL_DATE_TIME
          },
          new String[] {"stage", "tenant_id", "complete_up_to", "position", "updated_at"});

  public static final RowTypeInfo PAYMENTS_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.BIG_DEC,
            Types.STRING,
            Types.LOCAL_DATE_TIME,
            Types.LOCAL_DATE,
            Types.STRING,
            Types.LONG,
            Types.STRING,
            Types.STRING
          },
          new String[] {
            "tenant_id",
            "payment_id",
            "order_id",
            "amount",
            "currency",
            "settled_at",
            "dt",
            "source_file",
            "source_line",
            "batch_id",
            "extra_fields"
          });

  public static final RowTypeInfo CLICKS_TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.STRING,
            Types.STRING,
            Types.STRING,
            Types.INSTANT,
            Types.STRING,
            Types.STRING
          },
          new String[] {
            "tenant_id",
            "event_id",
            "customer_id",
            "session_id",
            "event_type",
            "sku",
            "event_time",
            "source_position",
            "extra_fields"
          });

  /** Position of {@code event_time} in a staged click. */
  static final int CLICK_EVENT_TIME = 6;

  /** Position of {@code source_position} (topic/partition/offset) in a staged click. */
  public static final int CLICK_POSITION = 7;

  /**
   * Position of {@code extra_fields} in a staged click: the fields the contract does not know, as a
   * JSON object, under the {@code evolve} drift policy; else null.
   */
  static final int CLICK_EXTRA_FIELDS = 8;

  /** Position of {@code extra_fields} in a staged payment: unknown columns, as for clicks. */
  static final int PAYMENT_EXTRA_FIELDS = 10;

  /** Field of a staged payment holding its settlement day ({@code dt}). */
  static final int PAYMENT_DAY = 6;

  /** Field of a staged payment holding its batch id. */
  static final int PAYMENT_BATCH = 9;

  public static Schema ordersSchema() {
    return Schema.newBuilder()
        .column("tenant_id", DataTypes.STRING().notNull())
        .column("order_id", DataTypes.BIGINT().notNull())
        .column("customer_id", DataTypes.BIGINT())
        .column("status", DataTypes.STRING())
        .column("amount", DataTypes.DECIMAL(12, 2))
        .column("currency", DataTypes.STRING())
        .column("created_at", DataTypes.TIMESTAMP(3))
        .column("lsn", DataTypes.BIGINT())
        .primaryKey("tenant_id", "order_id")
        .build();
  }

  public static Schema customersSchema() {
    return customerColumns(DataTypes.TIMESTAMP(3)).primaryKey("tenant_id", "customer_id").build();
  }

  public static Schema customerVersionsSchema() {
    return customerColumns(DataTypes.TIMESTAMP(3).notNull())
        .primaryKey("tenant_id", "customer_id", "valid_from")
        .build();
  }

  private static Schema.Builder customerColumns(DataType validFrom) {
    return Schema.newBuilder()
        .column("tenant_id", DataTypes.STRING().notNull())
        .column("customer_id", DataTypes.BIGINT().notNull())
        .column("name", DataTypes.STRING())
        .column("segment", DataTypes.STRING())
        .column("country", DataTypes.STRING())
        .column("valid_from", validFrom)
        .column("lsn", DataTypes.BIGINT());
  }

  public static Schema paymentsSchema() {
    return Schema.newBuilder()
        .column("tenant_id", DataTypes.STRING())
        .column("payment_id", DataTypes.STRING())
        .column("order_id", DataTypes.BIGINT())
        .column("amount", DataTypes.DECIMAL(12, 2))
        .column("currency", DataTypes.STRING())
        .column("settled_at", DataTypes.TIMESTAMP(3))
        .column("dt", DataTypes.DATE())
        .column("source_file", DataTypes.STRING())
        .column("source_line", DataTypes.BIGINT())
        .column("batch_id", DataTypes.STRING())
        .column("extra_fields", DataTypes.STRING())
        .build();
  }

  public static Schema clicksSchema() {
    return Schema.newBuilder()
        .column("tenant_id", DataTypes.STRING())
        .column("event_id", DataTypes.STRING())
        .column("customer_id", DataTypes.BIGINT())
        .column("session_id", DataTypes.STRING())
        .column("event_type", DataTypes.STRING())
        .column("sku", DataTypes.STRING())
        .column("event_time", DataTypes.TIMESTAMP_LTZ(3))
        .column("source_position", DataTypes.STRING())
        .column("extra_fields", DataTypes.STRING())
        .columnByMetadata("rowtime", DataTypes.TIMESTAMP_LTZ(3))
        .watermark("rowtime", "SOURCE_WATERMARK()")
        .build();
  }
}
