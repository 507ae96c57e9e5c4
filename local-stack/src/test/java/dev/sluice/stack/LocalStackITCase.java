package dev.sluice.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack starts real servers that work, and leaves nothing behind however it ends. */
class LocalStackITCase {

  @TempDir Path temp;

  @Test
  void startsRealServersAndStopsCleanly() throws Exception {
    long started = System.nanoTime();
    LocalStack stack = LocalStack.start(LocalStackConfig.forTests(temp));
    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    long pid = stack.postgres().pid().orElseThrow();
    int pgPort = stack.postgres().port();
    try {
      assertThat(startup).isLessThan(Duration.ofSeconds(30));
      stack.postgres().createDatabase("probe");
      stack.postgres().createDatabase("probe");
      try (Connection c = stack.postgres().connect("probe");
          Statement st = c.createStatement()) {
        assertThat(single(st, "SHOW wal_level")).isEqualTo("logical");
        st.execute("SELECT pg_create_logical_replication_slot('probe_slot', 'pgoutput')");
        assertThat(single(st, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("1");
        st.execute("SELECT pg_drop_replication_slot('probe_slot')");
      }
      assertThat(committedAfterAbort(stack.kafka())).hasSize(10);
    } finally {
      stack.close();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Ports.isFree(pgPort)).isTrue();
  }

  @Test
  void aKilledLauncherLeavesNoPostgresBehindAndTheNextStartWorks() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StackChild.class.getName(),
                temp.toString())
            .redirectErrorStream(true)
            .start();
    long postmaster = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          postmaster = Long.parseLong(line.substring(6).strip());
          break;
        }
      }
      assertThat(postmaster).as("the child reported its postmaster").isPositive();
      assertThat(ProcessHandle.of(postmaster)).isPresent();
      child.destroyForcibly().waitFor();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
        assertThat(System.nanoTime())
            .as("postmaster %d still alive", postmaster)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    } finally {
      child.destroyForcibly();
    }
    try (LocalStack again = LocalStack.start(LocalStackConfig.forTests(temp))) {
      again.postgres().createDatabase("after_crash");
    }
  }

  private static String single(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Commits 10 records, aborts 5, returns what a read_committed consumer sees. */
  private static List<String> committedAfterAbort(KafkaServer kafka) {
    kafka.createTopic("probe", 1);
    Properties p = kafka.clientProperties();
    p.put("transactional.id", "probe-tx");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("probe", "committed-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>("probe", "aborted-" + i));
      }
      producer.flush();
      producer.abortTransaction();
    }
    Properties c = kafka.clientProperties();
    c.put("isolation.level", "read_committed");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition("probe", 0);
      consumer.assign(Set.of(tp));
      consumer.seekToBeginning(Set.of(tp));
      long end = consumer.endOffsets(Set.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.value());
        }
      }
    }
    return seen;
  }
}
