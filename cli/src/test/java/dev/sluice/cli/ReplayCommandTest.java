package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code --since} of {@code bin/sluice dlq replay}: an instant, or how long ago. */
class ReplayCommandTest {

  @Test
  void sinceTakesAnInstantOrADuration() {
    assertThat(ReplayCommand.since("2026-12-02T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    assertThat(ReplayCommand.since("2 h"))
        .isBetween(twoHoursAgo.minusSeconds(5), twoHoursAgo.plusSeconds(5));
    assertThatThrownBy(() -> ReplayCommand.since("yesterday"))
        .hasMessageContaining("--since")
        .hasMessageContaining("yesterday");
  }

  @Test
  void theReasonIsRequired() {
    assertThatThrownBy(() -> ReplayCommand.run(new String[] {"replay", "p.yaml"}))
        .hasMessageContaining("--reason is required");
    assertThatThrownBy(() -> ReplayCommand.run(new String[] {"replay"}))
        .hasMessageContaining("usage: bin/sluice dlq replay");
  }
}
