package dev.sluice.connectors.kafka;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.Digests;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes Kafka records through untouched, a deserializer that can never fail; a value larger than
 * the limit is cut right here to its first {@link DeadLetter#MAX_PAYLOAD_CHARS} bytes, keeping its
 * size and SHA-256, so a huge record never travels through the job.
 */
public final class KafkaRecordDeserializer
    implements KafkaRecordDeserializationSchema<KafkaRecord> {

  private static final long serialVersionUID = 1L;

  private final int maxValueBytes;

  /**
   * @param maxValueBytes largest value passed on whole
   */
  public KafkaRecordDeserializer(int maxValueBytes) {
    this.maxValueBytes = maxValueBytes;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
    byte[] value = record.value();
    KafkaRecord result =
        new KafkaRecord(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.key(),
            value);
    if (value != null && value.length > maxValueBytes) {
      result.value = Arrays.copyOf(value, Math.min(maxValueBytes, DeadLetter.MAX_PAYLOAD_CHARS));
      result.fullValueBytes = value.length;
      result.fullValueSha256 = Digests.sha256Hex(value);
    }
    out.collect(result);
  }

  @Override
  public TypeInformation<KafkaRecord> getProducedType() {
    return TypeInformation.of(KafkaRecord.class);
  }
}
