package dev.sluice.job.sink.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.StackITCaseBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Kafka preflight against a real broker (transaction.max.timeout.ms = 15 min). */
class KafkaPreflightITCase extends StackITCaseBase {

  private static final String KEY = "sinks.events.transaction-timeout";

  @Test
  void aTransactionTimeoutWithinTheBrokersLimitPasses() {
    assertThatCode(
            () ->
                KafkaPreflight.check(
                    KEY,
                    stack.kafka().bootstrapServers(),
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(10)))
        .doesNotThrowAnyException();
  }

  @Test
  void aTransactionTimeoutAboveTheBrokersLimitFailsWithTheFix() {
    assertThatThrownBy(
            () ->
                KafkaPreflight.check(
                    KEY,
                    stack.kafka().bootstrapServers(),
                    Duration.ofHours(1),
                    Duration.ofSeconds(10)))
        .hasMessageContaining("exceeds the broker's transaction.max.timeout.ms (PT15M)")
        .hasMessageContaining("lower " + KEY);
  }

  @Test
  void aTransactionTimeoutShorterThanTwoCheckpointsFails() {
    assertThatThrownBy(
            () ->
                KafkaPreflight.check(
                    KEY,
                    stack.kafka().bootstrapServers(),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(1)))
        .hasMessageContaining("must be at least twice checkpoint.interval");
  }
}
