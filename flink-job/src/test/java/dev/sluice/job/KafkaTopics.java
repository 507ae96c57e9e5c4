package dev.sluice.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test access to real Kafka topics: producing raw bytes, reading everything committed. */
final class KafkaTopics {

  private KafkaTopics() {}

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return producer(bootstrap, 1024 * 1024);
  }

  /** A producer that may send records of up to {@code maxRequestBytes}. */
  static KafkaProducer<byte[], byte[]> producer(String bootstrap, int maxRequestBytes) {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRequestBytes));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Raises {@code topic}'s {@code max.message.bytes} above the broker's default of ~1 MB. */
  static void allowRecordsOf(String bootstrap, String topic, int maxBytes) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, topic),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", String.valueOf(maxBytes)),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
    }
  }

  /** Every record value of {@code topic} visible under {@code isolation.level}, as UTF-8. */
  static List<String> readAll(String bootstrap, String topic, String isolationLevel) {
    List<String> values = new ArrayList<>();
    read(bootstrap, topic, isolationLevel, (key, value) -> values.add(value));
    return values;
  }

  /**
   * What a reader of the upsert {@code topic} ends with: the last value of each key, keys whose
   * last record is a tombstone left out.
   */
  static Map<String, String> compacted(String bootstrap, String topic, String isolationLevel) {
    Map<String, String> latest = new TreeMap<>();
    read(
        bootstrap,
        topic,
        isolationLevel,
        (key, value) -> {
          if (value == null) {
            latest.remove(key);
          } else {
            latest.put(key, value);
          }
        });
    return latest;
  }

  private static void read(
      String bootstrap,
      String topic,
      String isolationLevel,
      BiConsumer<String, String> consumerOfRecords) {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Could not read " + topic + " up to " + end);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          consumerOfRecords.accept(
              r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
              r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
