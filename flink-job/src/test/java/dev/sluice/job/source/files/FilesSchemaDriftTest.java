package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.config.SchemaDriftPolicy;
import java.util.List;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

/** Settlement files whose header drifts from the contract, under each schema-drift policy. */
class PaymentsSchemaDriftTest {

  private static final String FILE = "file:/landing/payments/dt=2026-11-20/tenant=acme/s1.csv";
  private static final String AT = "2026-11-20T08:00:00Z";

  /** A file of {@code header} and {@code rows}, staged under {@code policy}. */
  private static StagingHarness<BatchLine> stage(
      SchemaDriftPolicy policy, String header, String... rows) throws Exception {
    StagingHarness<BatchLine> h =
        new StagingHarness<>(new PaymentsStaging("shop", StagingHarness.RULES, policy));
    List<String> lines = new java.util.ArrayList<>(List.of(header));
    lines.addAll(List.of(rows));
    for (int i = 0; i < lines.size(); i++) {
      FileLine line = new FileLine();
      line.path = FILE;
      line.lineNumber = i + 1;
      line.text = lines.get(i);
      h.push(new BatchLine("b1", line, header, false));
    }
    return h;
  }

  @Test
  void reorderedColumnsAreMatchedByNameUnderEveryPolicy() throws Exception {
    for (SchemaDriftPolicy policy : SchemaDriftPolicy.values()) {
      try (StagingHarness<BatchLine> h =
          stage(
              policy,
              "settled_at,currency,amount,tenant_id,order_id,payment_id",
              AT + ",EUR,19.99,acme,42,p1")) {
        assertThat(h.deadLetters()).as(policy.name()).isEmpty();
        assertThat(h.rows())
            .singleElement()
            .satisfies(
                row -> {
                  assertThat(row.getField(1)).isEqualTo("p1");
                  assertThat(row.getField(2)).isEqualTo(42L);
                  assertThat(row.getField(3)).hasToString("19.99");
                });
      }
    }
  }

  @Test
  void anAddedColumnIsKeptDroppedDeadLetteredOrFatalByPolicy() throws Exception {
    String header = "payment_id,order_id,fee,tenant_id,amount,currency,settled_at";
    String row = "p1,42,0.30,acme,19.99,EUR," + AT;
    try (StagingHarness<BatchLine> evolve = stage(SchemaDriftPolicy.EVOLVE, header, row)) {
      assertThat(evolve.deadLetters()).isEmpty();
      assertThat(evolve.rows().get(0).getField(StagedTables.PAYMENT_EXTRA_FIELDS))
          .isEqualTo("{\"fee\":\"0.30\"}");
      assertThat(evolve.rows().get(0).getField(3)).hasToString("19.99");
    }
    try (StagingHarness<BatchLine> ignore = stage(SchemaDriftPolicy.IGNORE, header, row)) {
      assertThat(ignore.deadLetters()).isEmpty();
      assertThat(ignore.rows().get(0).getField(StagedTables.PAYMENT_EXTRA_FIELDS)).isNull();
    }
    try (StagingHarness<BatchLine> dead = stage(SchemaDriftPolicy.DEAD_LETTER, header, row)) {
      assertThat(dead.rows()).isEmpty();
      assertThat(dead.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason.name()).isEqualTo("SCHEMA_DRIFT");
                assertThat(d.position).isEqualTo(FILE + ":2");
                assertThat(d.detail).contains("column fee").contains(FILE);
              });
    }
    assertThatThrownBy(() -> stage(SchemaDriftPolicy.FAIL, header, row))
        .isInstanceOf(SuppressRestartsException.class)
        .hasRootCauseMessage(
            "sources.payments.schema-drift is fail and the header of "
                + FILE
                + " adds column(s) [fee]; expected "
                + PaymentLineParser.HEADER);
  }

  @Test
  void aMissingColumnDeadLettersEveryRowNamingItOrIsFatal() throws Exception {
    String header = "payment_id,order_id,tenant_id,amount,settled_at";
    for (SchemaDriftPolicy policy :
        List.of(
            SchemaDriftPolicy.EVOLVE, SchemaDriftPolicy.IGNORE, SchemaDriftPolicy.DEAD_LETTER)) {
      try (StagingHarness<BatchLine> h =
          stage(policy, header, "p1,42,acme,19.99," + AT, "p2,43,acme,1.00," + AT)) {
        assertThat(h.rows()).as(policy.name()).isEmpty();
        assertThat(h.deadLetters())
            .extracting(d -> d.reason + " " + d.position + " " + d.detail)
            .containsExactly(
                "SCHEMA_MISMATCH "
                    + FILE
                    + ":1 header '"
                    + header
                    + "' lacks column(s) [currency]; expected "
                    + PaymentLineParser.HEADER
                    + " in any order",
                "MISSING_FIELD "
                    + FILE
                    + ":2 column currency is missing from the header of "
                    + FILE,
                "MISSING_FIELD "
                    + FILE
                    + ":3 column currency is missing from the header of "
                    + FILE);
      }
    }
    assertThatThrownBy(() -> stage(SchemaDriftPolicy.FAIL, header, "p1,42,acme,19.99," + AT))
        .isInstanceOf(SuppressRestartsException.class)
        .rootCause()
        .hasMessageContaining(FILE + " lacks column(s) [currency]");
  }
}
