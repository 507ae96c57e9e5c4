package dev.sluice.job.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each declaration problem: a message starting where the column is declared, saying the fix. */
class ContractDeclarationTest {

  private static final String WHERE = Col.where("c");

  private static AbstractThrowableAssert<?, ? extends Throwable> declaring(Col... columns) {
    return declaring(List.of(), columns);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> declaring(
      List<String> key, Col... columns) {
    return assertThatThrownBy(
            () ->
                Contract.of(
                    "t",
                    List.of(columns).stream().map(Col::spec).toList(),
                    key,
                    new Tenancy("tenant_id", Set.of("acme")),
                    ValueEncoding.TEXT,
                    Map.of("lsn", "the change's log position", "file", "the file's path")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Col c(String type) {
    return Col.of("c", type);
  }

  @Test
  void anUnknownOrUnsupportedTypeListsTheSupportedOnes() {
    for (String type :
        List.of(
            "MONEY",
            "ARRAY<INT>",
            "MAP<STRING, INT>",
            "TIME",
            "BYTES",
            "ROW<a INT>",
            "DECIMAL(12",
            "INTERVAL DAY")) {
      declaring(c(type))
          .hasMessageStartingWith(WHERE + ".type: '" + type + "' is not a type a contract stages")
          .hasMessageEndingWith(
              "use one of STRING, VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, SMALLINT, INT, BIGINT,"
                  + " FLOAT, DOUBLE, DECIMAL(p, s), DATE, TIMESTAMP(p), TIMESTAMP_LTZ(p)");
    }
    declaring(c(null)).hasMessageStartingWith(WHERE + ".type is missing; declare one of STRING");
    declaring(c("BIGINT NOT NULL"))
        .hasMessage(
            WHERE
                + ".type: 'BIGINT NOT NULL' says NOT NULL; write the type alone and required:"
                + " true instead");
  }

  @Test
  void aBoundMustBeAValueOfTheTypeAndMinNotAboveMax() {
    declaring(c("BIGINT").min("1.5"))
        .hasMessage(
            WHERE
                + ".min: '1.5' is not a BIGINT value (it is not an integer: '1.5'); write one"
                + " such as 0");
    declaring(c("DECIMAL(12, 2)").max("0.001"))
        .hasMessageStartingWith(
            WHERE + ".max: '0.001' is not a DECIMAL(12, 2) value (it does not fit");
    declaring(c("TIMESTAMP(3)").min("yesterday"))
        .hasMessageStartingWith(WHERE + ".min: 'yesterday' is not a TIMESTAMP(3) value")
        .hasMessageEndingWith(
            "write one such as 2000-01-01T00:00:00Z, or now, now + 1 d, now - 2 h");
    declaring(c("BIGINT").max("now"))
        .hasMessageStartingWith(WHERE + ".max: 'now' is relative to now, which only dates and");
    declaring(c("DATE").max("now + 1 fortnight"))
        .hasMessageStartingWith(WHERE + ".max: '1 fortnight' is not a duration")
        .hasMessageEndingWith("write e.g. now + 1 d, now - 2 h or now + 30 min");
    declaring(c("INT").min("5").max("4"))
        .hasMessage(WHERE + ": min 5 is above max 4; no value fits both");
    declaring(c("TIMESTAMP_LTZ(3)").min("now + 1 d").max("now"))
        .hasMessage(WHERE + ": min now + 1 d is above max now; no value fits both");
    declaring(c("STRING").min("a"))
        .hasMessage(
            WHERE
                + ": min and max apply to numbers, dates and timestamps, not STRING; use"
                + " accepted or pattern");
    declaring(c("BOOLEAN").max("true")).hasMessageStartingWith(WHERE + ": min and max apply");
  }

  @Test
  void stringRulesApplyToStringsOnly() {
    declaring(c("BIGINT").accepted("1", "2"))
        .hasMessage(WHERE + ".accepted applies to strings, not BIGINT; use min and max for ranges");
    declaring(c("INT").maxLength(3))
        .hasMessage(WHERE + ".max-length applies to strings, not INT; use max for a number");
    declaring(c("STRING").maxLength(0))
        .hasMessage(WHERE + ".max-length is 0; it must be 1 or more");
    declaring(c("DATE").untrimmed())
        .hasMessage(WHERE + ".trim: false applies to strings; a DATE value is always stripped");
    declaring(c("DOUBLE").pattern("[0-9]+"))
        .hasMessage(WHERE + ".pattern applies to strings; use min and max for other types");
    declaring(c("STRING").pattern("sku-(["))
        .hasMessageStartingWith(WHERE + ".pattern: 'sku-([' is not a Java regular expression (")
        .hasMessageEndingWith("); fix or quote it");
  }

  @Test
  void metadataMustBeAKeyOfTheSourceAndNoKeyColumn() {
    declaring(c("BIGINT").metadata("offset"))
        .hasMessage(
            WHERE
                + ".metadata: 'offset' is not a metadata key of this source; its keys are: "
                + "file (the file's path), lsn (the change's log position)");
    declaring(c("BIGINT").metadata("lsn").from("x"))
        .hasMessageStartingWith(WHERE + ": from and metadata exclude each other");
    declaring(List.of("c"), c("BIGINT").metadata("lsn"))
        .hasMessage(
            WHERE
                + ": c is a key column, and a key is made of record fields; remove metadata or"
                + " take the column out of key");
  }

  @Test
  void theKeyNamesDeclaredColumnsOnce() {
    declaring(List.of("c", "id"), c("STRING"))
        .hasMessage(
            "table t: key names column id, which is not declared; declare it under columns or"
                + " remove it from key (columns: [c])");
    declaring(List.of("c", "c"), c("STRING"))
        .hasMessage("table t: key names column c twice; name it once");
  }

  @Test
  void theTenancyColumnMustBeAString() {
    declaring(Col.of("tenant_id", "BIGINT"))
        .hasMessage(
            Col.where("tenant_id")
                + ".type: tenant_id is the tenancy column (tenancy.column), so it must be STRING,"
                + " not BIGINT");
  }

  @Test
  void eachColumnAndEachFieldIsDeclaredOnce() {
    declaring(c("STRING"), Col.of("d", "STRING").from("c"))
        .hasMessage(
            Col.where("d")
                + ": reads record field c, which column c reads too; a field is staged once (give"
                + " each column its own from)");
    declaring(c("STRING"), c("INT")).hasMessage(WHERE + ": column c is declared twice; remove one");
    assertThatThrownBy(
            () ->
                Contract.of(
                    "t", List.of(), List.of(), Tenancy.none(), ValueEncoding.TEXT, Map.of()))
        .hasMessage("table t declares no columns; declare each column it stages under columns");
  }

  @Test
  void withinPartitionNamesAnotherDateColumn() {
    String expected =
        WHERE
            + ".within-partition: 'dt' is not another declared DATE column; name the column of"
            + " the partition's day (e.g. dt)";
    declaring(c("TIMESTAMP(3)").withinPartition("dt")).hasMessage(expected);
    declaring(c("TIMESTAMP(3)").withinPartition("dt"), Col.of("dt", "STRING")).hasMessage(expected);
    declaring(c("BIGINT").withinPartition("dt"), Col.of("dt", "DATE"))
        .hasMessage(WHERE + ".within-partition applies to dates and timestamps, not BIGINT");
  }

  @Test
  void tenancyListsItsTenants() {
    assertThatThrownBy(() -> new Tenancy("tenant_id", Set.of()))
        .hasMessage("tenancy.allowed is empty: list the tenants served, or remove tenancy.column");
  }
}
