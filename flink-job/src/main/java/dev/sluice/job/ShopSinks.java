package dev.sluice.job;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.postgres.PgChange;
import dev.sluice.connectors.postgres.PostgresTable;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.types.Row;

/** The pipeline's sinks, injected like its sources. */
public final class ShopSinks {

  /** The Postgres database the marts are served into. */
  public interface Warehouse {

    /** The primary key of {@code table}: the merge key the sink writes by. */
    List<String> primaryKey(String table);

    /** The sink writing all {@code tables}, committed together per checkpoint. */
    Sink<PgChange> sink(List<PostgresTable> tables);
  }

  /** The warehouse the marts are served into; its tables are known once the SQL has run. */
  public final Warehouse warehouse;

  /** Append-only {@code mart_clicks_per_minute}. */
  public final Sink<Row> clicksPerMinute;

  /** Upsert topic of {@code cur_orders_enriched} (no UPDATE_BEFORE rows reach it). */
  public final Sink<Row> enrichedOrders;

  /** Upsert topic of the payment reconciliation's exceptions (no UPDATE_BEFORE rows reach it). */
  public final Sink<Row> paymentExceptions;

  /** Dead letters, to the dead-letter topic. */
  public final Sink<DeadLetter> deadLetterTopic;

  public ShopSinks(
      Warehouse warehouse,
      Sink<Row> clicksPerMinute,
      Sink<Row> enrichedOrders,
      Sink<Row> paymentExceptions,
      Sink<DeadLetter> deadLetterTopic) {
    this.warehouse = warehouse;
    this.clicksPerMinute = clicksPerMinute;
    this.enrichedOrders = enrichedOrders;
    this.paymentExceptions = paymentExceptions;
    this.deadLetterTopic = deadLetterTopic;
  }
}
