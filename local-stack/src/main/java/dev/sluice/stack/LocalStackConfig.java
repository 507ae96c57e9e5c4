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
    this.workDir = b.workDir.toAbsolutePath();
    this.postgresPort = b.postgresPort;
    this.kafkaPort = b.kafkaPort;
    this.kafkaControllerPort = b.kafkaControllerPort;
  }

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

  public Path workDir() {
    return workDir;
  }

  public int postgresPort() {
    return postgresPort;
  }

  public int kafkaPort() {
    return kafkaPort;
  }

  public int kafkaControllerPort() {
    return kafkaControllerPort;
  }

  /** Builds a {@link LocalStackConfig}. */
  public static final class Builder {
    private Path workDir = Path.of("work", "stack");
    private int postgresPort;
    private int kafkaPort;
    private int kafkaControllerPort;

    private Builder() {}

    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    public Builder postgresPort(int port) {
      this.postgresPort = port;
      return this;
    }

    public Builder kafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    public Builder kafkaControllerPort(int port) {
      this.kafkaControllerPort = port;
      return this;
    }

    public LocalStackConfig build() {
      return new LocalStackConfig(this);
    }
  }
}
