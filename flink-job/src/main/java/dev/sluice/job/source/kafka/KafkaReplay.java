package dev.sluice.job.source.kafka;

import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.factory.LetterReplay;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays the dead letters of a kafka source: each stored payload produced to the topic again, all
 * in one Kafka transaction, with a header naming the letter's position. A record replayed twice is
 * dropped by the dedupe (if the source has one); one whose event time is behind the watermark is
 * LATE again.
 */
final class KafkaReplay implements LetterReplay {

  @Override
  public String replay(SourceDef source, List<Letter> letters, String replayId) {
    String topic = source.options().get(KafkaSourceOptions.TOPIC);
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        source.options().get(KafkaSourceOptions.BOOTSTRAP_SERVERS));
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sluice-dlq-replay-" + source.name());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (Letter letter : letters) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(topic, null, letter.payload().getBytes(StandardCharsets.UTF_8));
        record
            .headers()
            .add("sluice-replay-of", letter.position().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      producer.commitTransaction();
    }
    return "produced again to " + topic + " in one transaction";
  }
}
