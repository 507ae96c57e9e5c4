package dev.sluice.job.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.staging.SchemaDriftPolicy;
import dev.sluice.job.staging.StagingHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * Payments files whose header (or JSON objects) drift from the shop's contract, under each
 * schema-drift policy.
 */
class FilesSchemaDriftTest {

  private static final String FILE = FileRecordStagingTest.FILE;
  private static final String JSON_FILE =
      "file:/landing/payments/dt=2026-11-20/tenant=acme/s1.jsonl";
  private static final String AT = "2026-11-20T08:00:00Z";
  private static final String JSON_ROW =
      "{\"payment_id\":\"p1\",\"order_id\":42,\"tenant_id\":\"acme\",\"amount\":\"19.99\","
          + "\"currency\":\"EUR\",\"settled_at\":\""
          + AT
          + "\"";

  /** The staged row's extra_fields column (metadata: extra-fields). */
  private static final int EXTRA_FIELDS =
      StagingHarness.contract(StagingHarness.shop(Map.of()), "payments", new FilesSourceFactory())
          .index("extra_fields");

  /** The contract's record fields, as the messages list them (dt is filled by its directory). */
  /** The fields a header must name: the contract's, but those the directories fill. */
  private static final String FIELDS = "[payment_id, order_id, amount, currency, settled_at]";

  private static String value(SchemaDriftPolicy policy) {
    return policy.name().toLowerCase().replace('_', '-');
  }

  /** A file of {@code header} and {@code rows}, staged under {@code policy}. */
  private static StagingHarness<BatchLine, Row> stage(
      SchemaDriftPolicy policy, String header, String... rows) throws Exception {
    List<String> lines = new ArrayList<>(List.of(header));
    lines.addAll(List.of(rows));
    return file(policy, "csv", FILE, lines);
  }

  /** A JSON-lines file of {@code objects}, staged under {@code policy}. */
  private static StagingHarness<BatchLine, Row> json(SchemaDriftPolicy policy, String... objects)
      throws Exception {
    return file(policy, "json-lines", JSON_FILE, List.of(objects));
  }

  private static StagingHarness<BatchLine, Row> file(
      SchemaDriftPolicy policy, String format, String path, List<String> lines) throws Exception {
    StagingHarness<BatchLine, Row> h =
        FileRecordStagingTest.payments(
            Map.of(
                "sources.payments.schema-drift", value(policy), "sources.payments.format", format));
    for (int i = 0; i < lines.size(); i++) {
      h.push(FileRecordStagingTest.line(path, lines.get(0), i + 1, lines.get(i)));
    }
    return h;
  }

  @Test
  void reorderedColumnsAreMatchedByNameUnderEveryPolicy() throws Exception {
    for (SchemaDriftPolicy policy : SchemaDriftPolicy.values()) {
      try (StagingHarness<BatchLine, Row> h =
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
    try (StagingHarness<BatchLine, Row> evolve = stage(SchemaDriftPolicy.EVOLVE, header, row)) {
      assertThat(evolve.deadLetters()).isEmpty();
      assertThat(evolve.rows().get(0).getField(EXTRA_FIELDS)).isEqualTo("{\"fee\":\"0.30\"}");
      assertThat(evolve.rows().get(0).getField(3)).hasToString("19.99");
    }
    try (StagingHarness<BatchLine, Row> ignore = stage(SchemaDriftPolicy.IGNORE, header, row)) {
      assertThat(ignore.deadLetters()).isEmpty();
      assertThat(ignore.rows().get(0).getField(EXTRA_FIELDS)).isNull();
    }
    try (StagingHarness<BatchLine, Row> dead = stage(SchemaDriftPolicy.DEAD_LETTER, header, row)) {
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
    // The message now lists the contract's fields, not the old fixed header (its wording,
    // "and <file> the header adds", is reported to the lead rather than pinned here).
    assertThatThrownBy(() -> stage(SchemaDriftPolicy.FAIL, header, row))
        .isInstanceOf(SuppressRestartsException.class)
        .rootCause()
        .hasMessageStartingWith("sources.payments.schema-drift is fail and " + FILE)
        .hasMessageContaining("has a header adding column(s) [fee]")
        .hasMessageEndingWith("; the contract has " + FIELDS);
  }

  @Test
  void aMissingColumnDeadLettersEveryRowNamingItOrIsFatal() throws Exception {
    String header = "payment_id,order_id,tenant_id,amount,settled_at";
    for (SchemaDriftPolicy policy :
        List.of(
            SchemaDriftPolicy.EVOLVE, SchemaDriftPolicy.IGNORE, SchemaDriftPolicy.DEAD_LETTER)) {
      try (StagingHarness<BatchLine, Row> h =
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
                    + FIELDS
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

  @Test
  void anUnknownJsonFieldIsKeptDroppedDeadLetteredOrFatalByPolicy() throws Exception {
    String object = JSON_ROW + ",\"fee\":\"0.30\"}";
    try (StagingHarness<BatchLine, Row> evolve = json(SchemaDriftPolicy.EVOLVE, object)) {
      assertThat(evolve.deadLetters()).isEmpty();
      assertThat(evolve.rows().get(0).getField(EXTRA_FIELDS)).isEqualTo("{\"fee\":\"0.30\"}");
      assertThat(evolve.rows().get(0).getField(3)).hasToString("19.99");
    }
    try (StagingHarness<BatchLine, Row> ignore = json(SchemaDriftPolicy.IGNORE, object)) {
      assertThat(ignore.deadLetters()).isEmpty();
      assertThat(ignore.rows().get(0).getField(EXTRA_FIELDS)).isNull();
    }
    try (StagingHarness<BatchLine, Row> dead = json(SchemaDriftPolicy.DEAD_LETTER, object)) {
      assertThat(dead.rows()).isEmpty();
      assertThat(dead.deadLetters())
          .extracting(d -> d.reason + " " + d.position + " " + d.detail)
          .containsExactly(
              "SCHEMA_DRIFT "
                  + JSON_FILE
                  + ":1 field fee of "
                  + JSON_FILE
                  + " is not in the contract (sources.payments.schema-drift: dead-letter)");
    }
    assertThatThrownBy(() -> json(SchemaDriftPolicy.FAIL, JSON_ROW + "}", object))
        .isInstanceOf(SuppressRestartsException.class)
        .hasRootCauseMessage(
            "sources.payments.schema-drift is fail and "
                + JSON_FILE
                + " has field fee, which the contract does not know; the contract has "
                + FIELDS);
  }

  @Test
  void aMissingRequiredJsonFieldIsMissingFieldUnderEveryPolicy() throws Exception {
    for (SchemaDriftPolicy policy : SchemaDriftPolicy.values()) {
      try (StagingHarness<BatchLine, Row> h =
          json(policy, JSON_ROW.replace(",\"currency\":\"EUR\"", "") + "}")) {
        assertThat(h.rows()).as(policy.name()).isEmpty();
        assertThat(h.deadLetters())
            .extracting(d -> d.reason + " " + d.detail)
            .containsExactly("MISSING_FIELD field currency is missing or empty");
      }
    }
  }
}
