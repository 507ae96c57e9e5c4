package dev.sluice.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A taken fixed port fails the start before any server runs, naming the port and its setting. */
class LocalStackTest {

  @TempDir Path dir;

  @Test
  void aTakenPostgresPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      LocalStackConfig config = LocalStackConfig.builder().workDir(dir).postgresPort(port).build();
      assertThatThrownBy(() -> LocalStack.start(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Port " + port + " for Postgres is already in use")
          .hasMessageContaining("postgresPort");
      assertThat(dir.resolve("postgres")).doesNotExist();
    }
  }

  @Test
  void aTakenControllerPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      LocalStackConfig config =
          LocalStackConfig.builder().workDir(dir).kafkaControllerPort(port).build();
      assertThatThrownBy(() -> LocalStack.start(config))
          .hasMessageContaining("Port " + port + " for the Kafka KRaft controller")
          .hasMessageContaining("kafkaControllerPort");
    }
  }
}
