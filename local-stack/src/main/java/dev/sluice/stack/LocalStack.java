package dev.sluice.stack;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: a real Postgres and a real Kafka broker on this machine, no Docker. Stops on
 * {@link #close()}, on JVM shutdown (Ctrl-C) and, for Postgres, through a watchdog if the JVM is
 * killed; a later start in the same work directory cleans up what a crash left.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final PostgresServer postgres;
  private final KafkaServer kafka;
  private final Thread shutdownHook;
  private boolean closed;

  private LocalStack(PostgresServer postgres, KafkaServer kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.shutdownHook = new Thread(this::stopServers, "local-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Stops what a crashed earlier run left in the work directory, checks the ports, then starts
   * Postgres and Kafka. Fails naming a fixed port that is taken and the setting that changes it.
   */
  public static LocalStack start(LocalStackConfig config) {
    long started = System.nanoTime();
    Path pgData = config.workDir().resolve("postgres");
    PostgresServer.stopLeftover(pgData);
    int[] ports =
        Ports.resolve(
            new Ports.Wanted(
                "Postgres",
                config.postgresPort(),
                "LocalStackConfig.Builder.postgresPort (bin/sluice demo --pg-port)"),
            new Ports.Wanted(
                "Kafka",
                config.kafkaPort(),
                "LocalStackConfig.Builder.kafkaPort (bin/sluice demo --kafka-port)"),
            new Ports.Wanted(
                "the Kafka KRaft controller",
                config.kafkaControllerPort(),
                "LocalStackConfig.Builder.kafkaControllerPort"));
    PostgresServer postgres;
    try {
      postgres = PostgresServer.start(pgData, ports[0]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot start Postgres on port " + ports[0], e);
    }
    KafkaServer kafka;
    try {
      kafka = KafkaServer.start(config.workDir().resolve("kafka"), ports[1], ports[2]);
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw new IllegalStateException("Cannot start Kafka on port " + ports[1], e);
    }
    LOG.info(
        "Local stack up in {} ms: Postgres on {}, Kafka on {}",
        (System.nanoTime() - started) / 1_000_000,
        postgres.port(),
        kafka.bootstrapServers());
    return new LocalStack(postgres, kafka);
  }

  /** The running Postgres server. */
  public PostgresServer postgres() {
    return postgres;
  }

  /** The running Kafka broker. */
  public KafkaServer kafka() {
    return kafka;
  }

  /** Stops Kafka, then Postgres (and its watchdog); removes the shutdown hook. Idempotent. */
  @Override
  public void close() {
    stopServers();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private synchronized void stopServers() {
    if (closed) {
      return;
    }
    closed = true;
    long stopping = System.nanoTime();
    try {
      kafka.close();
    } finally {
      postgres.close();
    }
    LOG.info("Local stack stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
  }
}
