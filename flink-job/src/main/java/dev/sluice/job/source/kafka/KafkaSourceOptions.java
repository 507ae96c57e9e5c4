package dev.sluice.job.source.kafka;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.sluice.job.staging.SchemaDriftPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The options of a {@code kafka} source. */
final class KafkaSourceOptions {

  private KafkaSourceOptions() {}

  /** What happens to a record behind the watermark or its partition's latest event time. */
  enum Lateness {
    /** A LATE dead letter, so no window drops it silently. */
    DEAD_LETTER,
    /** Staged anyway: for consumers without windows (a closed window still ignores it). */
    KEEP
  }

  /** What a record's value is. */
  enum Format {
    /** A JSON object: one row of the contract. */
    JSON,
    /**
     * A Debezium change event as Debezium's JsonConverter writes it (with or without its
     * schema/payload envelope): the topic is a changelog of one table, keyed by the key.
     */
    DEBEZIUM_JSON
  }

  static final ConfigOption<Format> FORMAT =
      key("format")
          .enumType(Format.class)
          .defaultValue(Format.JSON)
          .withDescription(
              "json: each record a JSON object, a row of the contract (append-only view);"
                  + " debezium-json: each record a Debezium change event (as Debezium's"
                  + " JsonConverter writes it, with or without schemas) of one table, staged as"
                  + " CDC is: an upsert changelog by key, deletes retracting, a delete of a row"
                  + " never seen UNKNOWN_ROW, unchanged TOASTed values filled; event-time,"
                  + " lateness and dedupe do not apply. Values are read as Debezium writes them"
                  + " with time.precision.mode=connect: dates as days, timestamps as epoch"
                  + " millis (timestamptz as ISO text), decimals as text"
                  + " (decimal.handling.mode=string).");

  static final ConfigOption<String> BOOTSTRAP_SERVERS =
      key("bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("The Kafka cluster, host:port[,host:port...].");

  static final ConfigOption<String> TOPIC =
      key("topic").stringType().noDefaultValue().withDescription("The topic to read.");

  static final ConfigOption<String> GROUP_ID =
      key("group-id")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Consumer group for committed offsets (progress is Flink's checkpoints, not"
                  + " these). Default: sluice-<pipeline>-<source>.");

  static final ConfigOption<Integer> MAX_RECORD_KB =
      key("max-record-kb")
          .intType()
          .defaultValue(1024)
          .withDescription(
              "Largest record value; a bigger one is an OVERSIZED dead letter with its size and"
                  + " SHA-256, the payload cut to this length.");

  static final ConfigOption<Boolean> BOUNDED =
      key("bounded")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Stop at the offsets the topic has when the job starts (a backfill or a test);"
                  + " the end of the input closes every window.");

  // --- the table ---

  static final ConfigOption<String> VIEW =
      key("view")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The staged table the SQL reads: append-only, with an event-time attribute rowtime"
                  + " when event-time is set.");

  static final ConfigOption<List<String>> KEY =
      key("key")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("The columns that identify a record: the dedupe key.");

  static final ConfigOption<SchemaDriftPolicy> SCHEMA_DRIFT =
      key("schema-drift")
          .enumType(SchemaDriftPolicy.class)
          .defaultValue(SchemaDriftPolicy.EVOLVE)
          .withDescription(
              "What a record with fields the contract does not know does. evolve: staged, the"
                  + " unknown fields as a JSON object in the column with metadata: extra-fields, if"
                  + " any; ignore: staged without them; dead-letter: a SCHEMA_DRIFT dead letter;"
                  + " fail: the job stops without restarting, naming the record and the field.");

  static final ConfigOption<String> EVENT_TIME =
      key("event-time")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The TIMESTAMP_LTZ (or TIMESTAMP, in UTC) column holding each record's event time:"
                  + " watermarks per Kafka partition inside the source, bounded by"
                  + " max-out-of-orderness. Needs a column with metadata: position.");

  static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
      key("max-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "How far a record's event time may be behind its partition's latest before it is"
                  + " late.");

  static final ConfigOption<Duration> IDLENESS =
      key("idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("A partition silent this long stops holding the watermark back.");

  static final ConfigOption<Lateness> LATENESS =
      key("lateness")
          .enumType(Lateness.class)
          .defaultValue(Lateness.DEAD_LETTER)
          .withDescription(
              "dead-letter: a record behind the watermark, or more than max-out-of-orderness"
                  + " behind its partition's latest, is a LATE dead letter; keep: it is staged.");

  static final ConfigOption<Duration> DEDUPE_RETENTION =
      key("dedupe-retention")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "How long a record's key is remembered to drop a second record with it as a"
                  + " DUPLICATE dead letter (state TTL); 0: no dedupe.");
}
