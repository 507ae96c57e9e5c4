package dev.sluice.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.deadletter.Digests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Raw Kafka records: passed through whole up to the limit, cut with size and SHA-256 above. */
class KafkaRecordDeserializerTest {

  private static final KafkaRecordDeserializer ONE_MB = new KafkaRecordDeserializer(1024 * 1024);

  @Test
  void aTenMegabyteValueIsCutAtTheSourceKeepingItsSizeAndChecksum() throws Exception {
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    KafkaRecord record = deserialize(huge);
    assertThat(record.isCut()).isTrue();
    assertThat(record.value).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
    assertThat(record.fullValueBytes).isEqualTo(huge.length);
    assertThat(record.fullValueSha256).isEqualTo(Digests.sha256Hex(huge));
    assertThat(record.position()).isEqualTo("clicks/0/7");
  }

  @Test
  void valuesUpToTheLimitAndTombstonesPassWhole() throws Exception {
    byte[] limit = new byte[1024 * 1024];
    KafkaRecord whole = deserialize(limit);
    assertThat(whole.isCut()).isFalse();
    assertThat(whole.value).isSameAs(limit);
    assertThat(deserialize(null).value).isNull();
  }

  private static KafkaRecord deserialize(byte[] value) throws Exception {
    List<KafkaRecord> out = new ArrayList<>();
    ONE_MB.deserialize(
        new ConsumerRecord<>("clicks", 0, 7L, null, value), new ListCollector<>(out));
    return out.get(0);
  }
}
