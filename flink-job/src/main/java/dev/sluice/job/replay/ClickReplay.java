package dev.sluice.job.replay;

import dev.sluice.job.config.ShopOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays click dead letters: each stored payload produced to the clicks topic again, all in one
 * Kafka transaction, with a header naming the letter's position. A click replayed twice is dropped
 * by the job's deduplication; one whose event time is behind the watermark is LATE again.
 */
final class ClickReplay {

  private ClickReplay() {}

  static String produce(Configuration options, List<DeadLetterReplay.Letter> letters) {
    String topic = options.get(ShopOptions.CLICKS_TOPIC);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get(ShopOptions.KAFKA_BOOTSTRAP));
    props.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        "sluice-dlq-replay-" + options.get(ShopOptions.PIPELINE_NAME));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (DeadLetterReplay.Letter letter : letters) {
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
