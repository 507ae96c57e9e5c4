package dev.sluice.job.sink.kafka;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The options of a {@code kafka} sink and of each topic it serves. */
final class KafkaSinkOptions {

  private KafkaSinkOptions() {}

  /** How a view's changelog becomes records. */
  enum Mode {
    /** Every row is a record; the view must be insert-only. */
    APPEND,
    /** The latest row per key: updates are records, deletes are tombstones (compacted topics). */
    UPSERT
  }

  static final ConfigOption<String> BOOTSTRAP_SERVERS =
      key("bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("The Kafka cluster, host:port[,host:port...].");

  static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
      key("transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kafka transaction timeout; at most the broker's transaction.max.timeout.ms"
                  + " (default 15 min), at least twice checkpoint.interval (checked at start).");

  static final ConfigOption<String> DEAD_LETTERS =
      key("dead-letters")
          .stringType()
          .noDefaultValue()
          .withDescription("Topic receiving every dead letter as JSON, exactly once.");

  // --- per topic ---

  static final ConfigOption<String> TOPIC =
      key("topic").stringType().noDefaultValue().withDescription("The topic the view goes to.");

  static final ConfigOption<Mode> MODE =
      key("mode")
          .enumType(Mode.class)
          .defaultValue(Mode.APPEND)
          .withDescription(
              "append: one record per row of an insert-only view; upsert: the view's changelog"
                  + " by key (updates as records, deletes as tombstones).");

  static final ConfigOption<List<String>> KEY =
      key("key")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription(
              "Columns whose values, joined by |, are the record key (one key stays on one"
                  + " partition, in order); required for upsert.");

  static final ConfigOption<String> TOMBSTONE_COLUMN =
      key("tombstone-column")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Upsert only: a row whose value here is one of tombstone-values is written as a"
                  + " tombstone (and a key first seen with such a value is not written at all).");

  static final ConfigOption<List<String>> TOMBSTONE_VALUES =
      key("tombstone-values")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("The values of tombstone-column that make a row a tombstone.");
}
