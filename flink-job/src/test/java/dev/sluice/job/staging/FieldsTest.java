package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The typed field checks: what each accepts, and the reason and detail of what it does not. */
class FieldsTest {

  @Test
  void aLeapSecondIsTheLastSecondOfItsMinute() throws Rejected {
    assertThat(Fields.instant("ts", "2016-12-31T23:59:60Z"))
        .isEqualTo(Instant.parse("2016-12-31T23:59:59Z"));
    assertThat(Fields.instant("ts", "2017-01-01T00:59:60.5+01:00"))
        .isEqualTo(Instant.parse("2016-12-31T23:59:59.5Z"));
  }

  @Test
  void anAmountInScientificNotationIsNotAPlainDecimal() throws Rejected {
    assertThat(Fields.amount("amount", "100.50")).isEqualTo(new BigDecimal("100.50"));
    assertThatThrownBy(() -> Fields.amount("amount", "1E+2"))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_TYPE);
              assertThat(r.getMessage()).isEqualTo("field amount is not a plain decimal: '1E+2'");
            });
  }
}
