package dev.sluice.stack;

import java.nio.file.Path;

/** Where the local stack keeps its data and which ports it listens on (0 = any free port). */
public final class LocalStackConfig {

  /** Demo default port of Postgres. */
  public static final int DEMO_POSTGRES_PORT = 15432;

  /** Demo default port of the Kafka broker listener. */
  public static final int DEMO_KAFKA_PORT = 19092;

  /** Demo default port of the Kafka KRaft controller listener. */
  public static final int DEMO_KAFKA_CONTROLLER_PORT = 19093;

  private final Path workDir;
  private final int postgresPort;
  private final int kafkaPort;
  private final int kafkaControllerPort;

  private LocalStackConfig(Builder b) {
    if (b.workDir == null) {
      throw new IllegalArgumentException("workDir is required");
    }
    checkPort("postgresPort", b.postgresPort);
    checkPort("kafkaPort", b.kafkaPort);
    checkPort("kafkaControllerPort", b.kafkaControllerPort);
    this.workDir = b.workDir.toAbsolutePath().normalize();
    this.postgresPort = b.postgresPort;
    this.kafkaPort = b.kafkaPort;
    this.kafkaControllerPort = b.kafkaControllerPort;
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0 (any free port) or 1-65535: " + port);
    }
  }

  /** A builder: work directory {@code work/stack}, every port 0 (any free port). */
  public static Builder builder() {
    return new Builder();
  }

  /** Random free ports, data under {@code workDir}. */
  public static LocalStackConfig forTests(Path workDir) {
    return builder().workDir(workDir).build();
  }

  /** The demo's fixed ports, data under {@code workDir}. */
  public static LocalStackConfig forDemo(Path workDir) {
    return builder()
        .workDir(workDir)
        .postgresPort(DEMO_POSTGRES_PORT)
        .kafkaPort(DEMO_KAFKA_PORT)
        .kafkaControllerPort(DEMO_KAFKA_CONTROLLER_PORT)
        .build();
  }

  /** The directory holding {@code postgres/} and {@code kafka/}. */
  public Path workDir() {
    return workDir;
  }

  /** The Postgres port; 0 picks a free one at start. */
  public int postgresPort() {
    return postgresPort;
  }

  /** The Kafka broker port; 0 picks a free one at start. */
  public int kafkaPort() {
    return kafkaPort;
  }

  /** The KRaft controller port; 0 picks a free one at start. */
  public int kafkaControllerPort() {
    return kafkaControllerPort;
  }

  @Override
  public String toString() {
    return "LocalStackConfig[workDir="
        + workDir
        + ", postgresPort="
        + postgresPort
        + ", kafkaPort="
        + kafkaPort
        + ", kafkaControllerPort="
        + kafkaControllerPort
        + "]";
  }

  /** Builds a {@link LocalStackConfig}. */
  public static final class Builder {
    private Path workDir = Path.of("work", "stack");
    private int postgresPort;
    private int kafkaPort;
    private int kafkaControllerPort;

    private Builder() {}

    /** Where the servers keep their data. */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /** The Postgres port (0 = any free port). */
    public Builder postgresPort(int port) {
      this.postgresPort = port;
      return this;
    }

    /** The Kafka broker port (0 = any free port). */
    public Builder kafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    /** The KRaft controller port (0 = any free port). */
    public Builder kafkaControllerPort(int port) {
      this.kafkaControllerPort = port;
      return this;
    }

    /** The configuration; fails on a port outside 0-65535. */
    public LocalStackConfig build() {
      return new LocalStackConfig(this);
    }
  }
}
