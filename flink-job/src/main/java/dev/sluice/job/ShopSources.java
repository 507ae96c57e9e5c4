package dev.sluice.job;

import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.kafka.KafkaRecord;
import org.apache.flink.api.connector.source.Source;

/** The pipeline's three sources, injected: main builds real ones, tests may pass bounded ones. */
public final class ShopSources {

  /** Debezium change events of the captured tables (orders and customers), as JSON. */
  public final Source<String, ?, ?> changeEvents;

  /** Payment settlement deliveries (data file + manifest). */
  public final Source<FileBatch, ?, ?> payments;

  /** Raw click records from Kafka. */
  public final Source<KafkaRecord, ?, ?> clicks;

  public ShopSources(
      Source<String, ?, ?> changeEvents,
      Source<FileBatch, ?, ?> payments,
      Source<KafkaRecord, ?, ?> clicks) {
    this.changeEvents = changeEvents;
    this.payments = payments;
    this.clicks = clicks;
  }
}
