package dev.sluice.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Test configurations pick free ports; demo ones use the documented fixed ports. */
class LocalStackConfigTest {

  @Test
  void forTestsLeavesEveryPortToTheOs() {
    LocalStackConfig c = LocalStackConfig.forTests(Path.of("x"));
    assertThat(c.workDir()).isAbsolute();
    assertThat(c.workDir().getFileName()).isEqualTo(Path.of("x"));
    assertThat(new int[] {c.postgresPort(), c.kafkaPort(), c.kafkaControllerPort()})
        .containsOnly(0);
  }

  @Test
  void forDemoUsesTheFixedPorts() {
    LocalStackConfig c = LocalStackConfig.forDemo(Path.of("work"));
    assertThat(c.postgresPort()).isEqualTo(15432);
    assertThat(c.kafkaPort()).isEqualTo(19092);
    assertThat(c.kafkaControllerPort()).isEqualTo(19093);
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> LocalStackConfig.builder().kafkaPort(70000).build())
        .hasMessageContaining("kafkaPort");
  }
}
