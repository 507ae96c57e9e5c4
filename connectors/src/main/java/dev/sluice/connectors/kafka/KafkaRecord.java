package dev.sluice.connectors.kafka;

/** A Kafka record as raw bytes with its position, so parsing (and its failures) happen later. */
public class KafkaRecord {

  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;

  /** Null for a tombstone; only the start of the value when {@link #isCut()}. */
  public byte[] value;

  /** Size in bytes of a value that was cut, else 0. */
  public long fullValueBytes;

  /** SHA-256 (hex) of a value that was cut, else null. */
  public String fullValueSha256;

  /** For Flink's POJO serializer. */
  public KafkaRecord() {}

  public KafkaRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  /** True when the value was larger than the source's limit and {@link #value} is its start. */
  public boolean isCut() {
    return fullValueSha256 != null;
  }

  /** The record's position as dead letters and lineage name it: {@code topic/partition/offset}. */
  public String position() {
    return topic + "/" + partition + "/" + offset;
  }
}
