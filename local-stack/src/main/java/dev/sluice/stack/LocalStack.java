package dev.sluice.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** Starts Postgres, then Kafka; fails naming a fixed port that is taken. */
  public static LocalStack start(LocalStackConfig config) {
    int pgPort = Ports.resolve(config.postgresPort(), "Postgres", "--pg-port");
    int kafkaPort = Ports.resolve(config.kafkaPort(), "Kafka", "--kafka-port");
    int controllerPort =
        Ports.resolve(config.kafkaControllerPort(), "the Kafka controller", "a free port");
    long started = System.nanoTime();
    PostgresServer postgres;
    try {
      postgres = PostgresServer.start(config.workDir().resolve("postgres"), pgPort);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Postgres on port " + pgPort, e);
    }
    KafkaServer kafka;
    try {
      kafka = KafkaServer.start(config.workDir().resolve("kafka"), kafkaPort, controllerPort);
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw new IllegalStateException("Cannot start Kafka on port " + kafkaPort, e);
    }
    LOG.info(
        "Local stack up in {} ms: Postgres on {}, Kafka on {}",
        (System.nanoTime() - started) / 1_000_000,
        pgPort,
        kafka.bootstrapServers());
    return new LocalStack(postgres, kafka);
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public KafkaServer kafka() {
    return kafka;
  }

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
    try {
      kafka.close();
    } finally {
      postgres.close();
    }
  }
}
