package dev.sluice.job;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.postgres.PgChange;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.types.Row;

/** The pipeline's sinks, injected like its sources. */
public final class ShopSinks {

  /** The marts in Postgres: every mart table's changes, committed together per checkpoint. */
  public final Sink<PgChange> marts;

  /** Append-only {@code mart_clicks_per_minute}. */
  public final Sink<Row> clicksPerMinute;

  /** Dead letters, to the dead-letter topic. */
  public final Sink<DeadLetter> deadLetterTopic;

  /** Dead letters, to the dead-letter table. */
  public final Sink<DeadLetter> deadLetterTable;

  public ShopSinks(
      Sink<PgChange> marts,
      Sink<Row> clicksPerMinute,
      Sink<DeadLetter> deadLetterTopic,
      Sink<DeadLetter> deadLetterTable) {
    this.marts = marts;
    this.clicksPerMinute = clicksPerMinute;
    this.deadLetterTopic = deadLetterTopic;
    this.deadLetterTable = deadLetterTable;
  }
}
