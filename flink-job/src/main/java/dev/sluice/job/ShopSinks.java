package dev.sluice.job;

import dev.sluice.connectors.deadletter.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.types.Row;

/** The pipeline's sinks, injected like its sources. */
public final class ShopSinks {

  /** Changelog of {@code mart_tenant_daily_revenue}, keyed by its merge key. */
  public final Sink<Row> tenantDailyRevenue;

  /** Append-only {@code mart_clicks_per_minute}. */
  public final Sink<Row> clicksPerMinute;

  /** Dead letters, to the dead-letter topic. */
  public final Sink<DeadLetter> deadLetterTopic;

  /** Dead letters, to the dead-letter table. */
  public final Sink<DeadLetter> deadLetterTable;

  public ShopSinks(
      Sink<Row> tenantDailyRevenue,
      Sink<Row> clicksPerMinute,
      Sink<DeadLetter> deadLetterTopic,
      Sink<DeadLetter> deadLetterTable) {
    this.tenantDailyRevenue = tenantDailyRevenue;
    this.clicksPerMinute = clicksPerMinute;
    this.deadLetterTopic = deadLetterTopic;
    this.deadLetterTable = deadLetterTable;
  }
}
