package dev.sluice.job;

import dev.sluice.connectors.file.FileLine;
import dev.sluice.connectors.kafka.KafkaRecord;
import org.apache.flink.api.connector.source.Source;

/** The pipeline's three sources, injected: main builds real ones, tests may pass bounded ones. */
public final class ShopSources {

  /** Debezium change events of {@code orders}, as JSON. */
  public final Source<String, ?, ?> orders;

  /** Lines of payment settlement files. */
  public final Source<FileLine, ?, ?> payments;

  /** Raw click records from Kafka. */
  public final Source<KafkaRecord, ?, ?> clicks;

  public ShopSources(
      Source<String, ?, ?> orders,
      Source<FileLine, ?, ?> payments,
      Source<KafkaRecord, ?, ?> clicks) {
    this.orders = orders;
    this.payments = payments;
    this.clicks = clicks;
  }
}
