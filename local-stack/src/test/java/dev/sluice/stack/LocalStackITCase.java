package dev.sluice.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The local stack starts real servers that work, and its close leaves nothing behind. */
@Timeout(120)
class LocalStackITCase {

  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.start(LocalStackConfig.forTests(TestDirs.fresh("it")));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void postgresHasLogicalReplicationAndCreatesDatabases() throws Exception {
    stack.postgres().createDatabase("probe");
    stack.postgres().createDatabase("probe");
    try (Connection c = stack.postgres().connect("probe");
        Statement st = c.createStatement()) {
      assertThat(single(st, "SELECT current_database()")).isEqualTo("probe");
      assertThat(single(st, "SHOW wal_level")).isEqualTo("logical");
      st.execute("SELECT pg_create_logical_replication_slot('probe_slot', 'pgoutput')");
      assertThat(single(st, "SELECT plugin FROM pg_replication_slots WHERE slot_name='probe_slot'"))
          .isEqualTo("pgoutput");
      st.execute("SELECT pg_drop_replication_slot('probe_slot')");
      assertThat(single(st, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
    }
  }

  @Test
  void readCommittedConsumerSeesCommittedRecordsOnly() {
    KafkaServer kafka = stack.kafka();
    kafka.createTopic("probe", 1);
    kafka.createTopic("probe", 1);
    Properties p = kafka.clientProperties();
    p.put("transactional.id", "probe-tx");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      IntStream.range(0, 10).forEach(i -> producer.send(new ProducerRecord<>("probe", "ok-" + i)));
      producer.commitTransaction();
      producer.beginTransaction();
      IntStream.range(0, 5).forEach(i -> producer.send(new ProducerRecord<>("probe", "no-" + i)));
      producer.flush();
      producer.abortTransaction();
    }
    assertThat(kafka.transactionMaxTimeoutMs()).isEqualTo(900_000);
    assertThat(readCommitted(kafka, "probe"))
        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "ok-" + i).toList());
  }

  @Test
  void closeStopsEverythingAndFreesThePorts() throws Exception {
    Path dir = TestDirs.fresh("close");
    long started = System.nanoTime();
    LocalStack own = LocalStack.start(LocalStackConfig.forTests(dir));
    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    PostgresServer pg = own.postgres();
    long postmaster = pg.pid().orElseThrow();
    List<Long> backends = descendants(postmaster);
    List<Long> watchdogTail =
        OsProcesses.await(() -> descendants(pg.watchdogPid()), l -> !l.isEmpty(), FIVE_SECONDS);
    assertThat(OsProcesses.withCommandLineContaining(pg.dataDir().toString()))
        .containsExactly(postmaster);
    assertThat(backends).isNotEmpty();
    assertThat(watchdogTail).hasSize(1);

    started = System.nanoTime();
    own.close();
    Duration shutdown = Duration.ofNanos(System.nanoTime() - started);
    own.close();

    assertThat(startup).isLessThan(Duration.ofSeconds(30));
    assertThat(shutdown).isLessThan(Duration.ofSeconds(30));
    assertThat(OsProcesses.withCommandLineContaining(pg.dataDir().toString())).isEmpty();
    assertThat(backends).noneMatch(OsProcesses::alive);
    assertThat(OsProcesses.alive(pg.watchdogPid())).as("watchdog").isFalse();
    assertThat(OsProcesses.goneWithin(watchdogTail.get(0), FIVE_SECONDS))
        .as("watchdog's tail")
        .isTrue();
    assertThat(pg.dataDir()).doesNotExist();
    for (int port : new int[] {pg.port(), own.kafka().port(), own.kafka().controllerPort()}) {
      assertThat(Ports.isFree(port)).as("port %d free", port).isTrue();
    }
  }

  private static List<Long> descendants(long pid) {
    return ProcessHandle.of(pid).orElseThrow().descendants().map(ProcessHandle::pid).toList();
  }

  private static String single(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  /** Everything a read_committed consumer reads from partition 0 up to its end offset. */
  private static List<String> readCommitted(KafkaServer kafka, String topic) {
    Properties c = kafka.clientProperties();
    c.put("isolation.level", "read_committed");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(Set.of(tp));
      consumer.seekToBeginning(Set.of(tp));
      long end = consumer.endOffsets(Set.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.position(tp) < end) {
        assertThat(System.nanoTime()).as("read up to offset %d in time", end).isLessThan(deadline);
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.value());
        }
      }
    }
    return seen;
  }
}
