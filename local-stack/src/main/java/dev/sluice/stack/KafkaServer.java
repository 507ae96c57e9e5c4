package dev.sluice.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.MetaProperties;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.common.MetadataVersion;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), in this JVM, with
 * transactions enabled and every replication factor 1.
 */
public final class KafkaServer implements AutoCloseable {

  /** The broker's {@code transaction.max.timeout.ms} (Kafka's default: 15 min). */
  public static final int TRANSACTION_MAX_TIMEOUT_MS = 900_000;

  private final KafkaConfig config;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;
  private boolean stopped;

  private KafkaServer(KafkaConfig config, int port, int controllerPort) {
    this.config = config;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats a fresh {@code logDir}, starts the broker and waits until it answers. */
  static KafkaServer start(Path logDir, int port, int controllerPort) throws IOException {
    if (Files.exists(logDir)) {
      Directories.delete(logDir);
    }
    Files.createDirectories(logDir);
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("transaction.max.timeout.ms", String.valueOf(TRANSACTION_MAX_TIMEOUT_MS));
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("log.flush.interval.messages", "1");
    KafkaConfig config = KafkaConfig.fromProps(props);
    MetaProperties meta = new MetaProperties(Uuid.randomUuid().toString(), 1);
    StorageTool.formatCommand(
        new PrintStream(PrintStream.nullOutputStream()),
        CollectionConverters.asScala(List.of(logDir.toString())).toList(),
        meta,
        MetadataVersion.latest(),
        false);
    KafkaServer kafka = new KafkaServer(config, port, controllerPort);
    kafka.launch();
    return kafka;
  }

  private void launch() {
    server = new KafkaRaftServer(config, Time.SYSTEM, Option.empty());
    try {
      server.startup();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    awaitReady();
  }

  /**
   * Restarts the broker on the same log directory and ports (a controlled shutdown, then a start):
   * topics, committed offsets and the transaction log survive; clients see it go away and return.
   */
  public synchronized void restart() {
    if (stopped) {
      throw new IllegalStateException("Kafka at " + bootstrapServers() + " is closed");
    }
    server.shutdown();
    server.awaitShutdown();
    launch();
  }

  private void awaitReady() {
    try (Admin admin = Admin.create(clientProperties())) {
      admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("Kafka at " + bootstrapServers() + " did not come up", e);
    }
  }

  /** {@code localhost:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /** The broker's client listener port. */
  public int port() {
    return port;
  }

  /** The KRaft controller listener port. */
  public int controllerPort() {
    return controllerPort;
  }

  /** Client properties with {@code bootstrap.servers} set. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /** The broker's {@code transaction.max.timeout.ms}: a client's transaction timeout limit. */
  public int transactionMaxTimeoutMs() {
    return TRANSACTION_MAX_TIMEOUT_MS;
  }

  /** Creates {@code name} with {@code partitions} partitions unless it exists. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(clientProperties())) {
      admin
          .createTopics(Set.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create topic " + name, e.getCause());
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + name, e);
    }
  }

  /** Stops the broker and waits until it has. Idempotent. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.shutdown();
    server.awaitShutdown();
  }
}
