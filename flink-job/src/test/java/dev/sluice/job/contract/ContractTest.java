package dev.sluice.job.contract;

import static dev.sluice.job.contract.Contracts.NO_METADATA;
import static dev.sluice.job.contract.Contracts.record;
import static dev.sluice.job.contract.Contracts.rejected;
import static dev.sluice.job.contract.Contracts.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.api.Schema;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** Every type and rule of a contract: what each accepts, and the reason and detail of the rest. */
class ContractTest {

  private static Col col(String type) {
    return Col.of("c", type);
  }

  @Test
  void stringsAreStrippedUnlessUntrimmedAndBoundedByTheirLength() throws Rejected {
    assertThat(value(col("STRING"), "  a b ")).isEqualTo("a b");
    assertThat(value(col("STRING").untrimmed(), "  a b ")).isEqualTo("  a b ");
    assertThat(value(col("VARCHAR(3)"), "😀😀😀")).as("code points, not chars").isEqualTo("😀😀😀");
    assertThat(rejected(col("VARCHAR(3)"), "abcd"))
        .isEqualTo("INVALID_VALUE field c has 4 characters; at most 3 fit");
    assertThat(rejected(col("CHAR(2)"), "abc"))
        .isEqualTo("INVALID_VALUE field c has 3 characters; at most 2 fit");
    assertThat(rejected(col("VARCHAR(10)").maxLength(2), "abc"))
        .isEqualTo("INVALID_VALUE field c has 3 characters; at most 2 fit");
  }

  @Test
  void booleansAreTrueOrFalseInAnyCase() throws Rejected {
    assertThat(value(col("BOOLEAN"), "TRUE")).isEqualTo(true);
    assertThat(value(col("BOOLEAN"), " false ")).isEqualTo(false);
    assertThat(rejected(col("BOOLEAN"), "yes"))
        .isEqualTo("INVALID_TYPE field c is not a boolean (true/false): 'yes'");
  }

  @Test
  void integersAreAsciiDigitsWithinTheirTypesRange() throws Rejected {
    assertThat(value(col("TINYINT"), "-128")).isEqualTo((byte) -128);
    assertThat(value(col("SMALLINT"), "+32767")).isEqualTo((short) 32767);
    assertThat(value(col("INT"), "-0")).isEqualTo(0);
    assertThat(value(col("BIGINT"), "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(value(col("BIGINT"), "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(rejected(col("TINYINT"), "128"))
        .isEqualTo("INVALID_VALUE field c = 128 is out of the range of TINYINT");
    assertThat(rejected(col("INT"), "2147483648"))
        .isEqualTo("INVALID_VALUE field c = 2147483648 is out of the range of INT");
    assertThat(rejected(col("BIGINT"), "9223372036854775808"))
        .isEqualTo("INVALID_VALUE field c = 9223372036854775808 is out of the range of BIGINT");
    assertThat(rejected(col("BIGINT"), "-123456789012345678901234567890"))
        .startsWith("INVALID_VALUE");
    for (String notAnInteger : List.of("1.5", "1e3", "0x1F", "١٢٣", "-", "+", "1 2")) {
      assertThat(rejected(col("BIGINT"), notAnInteger))
          .isEqualTo("INVALID_TYPE field c is not an integer: '" + notAnInteger + "'");
    }
  }

  @Test
  void floatingPointNumbersMustBeFinite() throws Rejected {
    assertThat(value(col("DOUBLE"), "1e3")).isEqualTo(1000.0);
    assertThat(value(col("DOUBLE"), "-.5")).isEqualTo(-0.5);
    assertThat(value(col("FLOAT"), "1.25")).isEqualTo(1.25f);
    assertThat(rejected(col("DOUBLE"), "NaN"))
        .isEqualTo("INVALID_VALUE field c = NaN is not a finite DOUBLE");
    assertThat(rejected(col("DOUBLE"), "-Infinity")).startsWith("INVALID_VALUE");
    assertThat(rejected(col("DOUBLE"), "1e309"))
        .isEqualTo("INVALID_VALUE field c = 1e309 is not a finite DOUBLE");
    assertThat(rejected(col("FLOAT"), "1e39"))
        .isEqualTo("INVALID_VALUE field c = 1e39 is not a finite FLOAT");
    assertThat(rejected(col("DOUBLE"), "0x1p3"))
        .isEqualTo("INVALID_TYPE field c is not a number: '0x1p3'");
    assertThat(rejected(col("DOUBLE"), "1d")).startsWith("INVALID_TYPE");
  }

  @Test
  void decimalsArePlainAndFitTheirPrecisionAndScale() throws Rejected {
    Col amount = col("DECIMAL(12, 2)");
    assertThat(value(amount, "100.5")).isEqualTo(new BigDecimal("100.50"));
    assertThat(value(amount, "1.5000")).as("trailing zeros fit").isEqualTo(new BigDecimal("1.50"));
    assertThat(value(amount, "-9999999999.99")).isEqualTo(new BigDecimal("-9999999999.99"));
    assertThat(value(amount, "+0")).isEqualTo(new BigDecimal("0.00"));
    assertThat(rejected(amount, "1E+2"))
        .isEqualTo("INVALID_TYPE field c is not a plain decimal: '1E+2'");
    for (String notPlain : List.of("abc", "1.", ".5", "1,5", "7\u00002.00", "NaN")) {
      assertThat(rejected(amount, notPlain)).startsWith("INVALID_TYPE");
    }
    assertThat(rejected(amount, "1.001"))
        .isEqualTo("INVALID_VALUE field c does not fit DECIMAL(12,2): 1.001");
    assertThat(rejected(amount, "10000000000.00"))
        .isEqualTo("INVALID_VALUE field c does not fit DECIMAL(12,2): 10000000000.00");
    assertThat(rejected(amount, "-10000000000")).startsWith("INVALID_VALUE");
    assertThat(value(col("DECIMAL(2, 2)"), "0.5")).isEqualTo(new BigDecimal("0.50"));
    assertThat(value(col("DECIMAL(2, 2)"), "0")).isEqualTo(new BigDecimal("0.00"));
    assertThat(rejected(col("DECIMAL(2, 2)"), "1")).startsWith("INVALID_VALUE");
  }

  @Test
  void datesAreIsoOrDaysSinceTheEpochFromDebezium() throws Rejected {
    assertThat(value(col("DATE"), "2026-11-20")).isEqualTo(LocalDate.parse("2026-11-20"));
    assertThat(rejected(col("DATE"), "2026-02-30"))
        .isEqualTo("INVALID_TYPE field c is not an ISO-8601 date (yyyy-MM-dd): '2026-02-30'");
    assertThat(rejected(col("DATE"), "20412")).startsWith("INVALID_TYPE");
    assertThat(value(col("DATE"), "20412", ValueEncoding.DEBEZIUM))
        .isEqualTo(LocalDate.ofEpochDay(20412));
    assertThat(value(col("DATE"), "-1", ValueEncoding.DEBEZIUM))
        .isEqualTo(LocalDate.parse("1969-12-31"));
    assertThat(rejected(col("DATE"), "9223372036854775807", ValueEncoding.DEBEZIUM))
        .isEqualTo("INVALID_VALUE field c = 9223372036854775807 is beyond the days a DATE holds");
  }

  @Test
  void timestampsAreUtcDateTimesWithOrWithoutAnOffset() throws Rejected {
    Col ts = col("TIMESTAMP(3)");
    assertThat(value(ts, "2026-11-20T10:15:30.123456+02:00"))
        .as("moved to UTC, truncated to milliseconds")
        .isEqualTo(LocalDateTime.parse("2026-11-20T08:15:30.123"));
    assertThat(value(ts, "2026-11-20T10:15:30"))
        .isEqualTo(LocalDateTime.parse("2026-11-20T10:15:30"));
    assertThat(value(ts, "2026-11-20t10:15:30z"))
        .isEqualTo(LocalDateTime.parse("2026-11-20T10:15:30"));
    assertThat(value(col("TIMESTAMP(0)"), "2026-11-20T10:15:30.999Z"))
        .isEqualTo(LocalDateTime.parse("2026-11-20T10:15:30"));
    assertThat(value(col("TIMESTAMP(9)"), "2026-11-20T10:15:30.123456789Z"))
        .isEqualTo(LocalDateTime.parse("2026-11-20T10:15:30.123456789"));
    assertThat(value(ts, "1700000000123", ValueEncoding.DEBEZIUM))
        .as("Debezium's connect mode: epoch milliseconds")
        .isEqualTo(LocalDateTime.parse("2023-11-14T22:13:20.123"));
    for (String bad : List.of("1700000000123", "2026-02-30T00:00:00Z", "infinity", "2026-11-20")) {
      assertThat(rejected(ts, bad))
          .isEqualTo(
              "INVALID_TYPE field c is not an ISO-8601 timestamp with offset: '" + bad + "'");
    }
  }

  @Test
  void timestampsWithLocalTimeZoneNeedAnOffset() throws Rejected {
    Col ltz = col("TIMESTAMP_LTZ(3)");
    assertThat(value(ltz, "2026-11-20T08:00:00.250+01:00"))
        .isEqualTo(Instant.parse("2026-11-20T07:00:00.250Z"));
    assertThat(value(col("TIMESTAMP_LTZ(1)"), "2026-11-20T08:00:00.259Z"))
        .isEqualTo(Instant.parse("2026-11-20T08:00:00.200Z"));
    assertThat(value(ltz, "-1", ValueEncoding.DEBEZIUM))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
    assertThat(rejected(ltz, "2026-11-20T08:00:00"))
        .isEqualTo(
            "INVALID_TYPE field c is not an ISO-8601 timestamp with offset: '2026-11-20T08:00:00'");
    assertThat(value(ltz, "+999999999-12-31T23:59:59-18:00"))
        .isEqualTo(Instant.parse("+1000000000-01-01T17:59:59Z"));
    assertThat(rejected(col("TIMESTAMP(3)"), "+999999999-12-31T23:59:59-18:00"))
        .isEqualTo(
            "INVALID_VALUE field c = '+999999999-12-31T23:59:59-18:00' is beyond the years a"
                + " timestamp holds");
  }

  @Test
  void aLeapSecondIsTheLastSecondOfItsMinute() throws Rejected {
    assertThat(value(col("TIMESTAMP_LTZ(3)"), "2016-12-31T23:59:60Z"))
        .isEqualTo(Instant.parse("2016-12-31T23:59:59Z"));
    assertThat(value(col("TIMESTAMP_LTZ(3)"), "2017-01-01T00:59:60.5+01:00"))
        .isEqualTo(Instant.parse("2016-12-31T23:59:59.5Z"));
    assertThat(value(col("TIMESTAMP(3)"), "2016-12-31T23:59:60"))
        .isEqualTo(LocalDateTime.parse("2016-12-31T23:59:59"));
    assertThat(rejected(col("TIMESTAMP(3)"), "2016-12-31T23:60:60Z")).startsWith("INVALID_TYPE");
  }

  @Test
  void aMissingOrBlankValueIsMissingWhenRequiredElseNull() throws Rejected {
    for (String type : List.of("STRING", "BIGINT", "DECIMAL(12, 2)", "TIMESTAMP(3)", "DATE")) {
      assertThat(rejected(col(type).required(), null))
          .isEqualTo("MISSING_FIELD field c is missing or empty");
      assertThat(rejected(col(type).required(), " \t")).startsWith("MISSING_FIELD");
      assertThat(value(col(type), null)).isNull();
      assertThat(value(col(type), "  ")).as("a blank " + type + " is null").isNull();
    }
    assertThat(value(col("STRING").untrimmed(), "  ")).as("kept as it is").isEqualTo("  ");
    assertThat(value(col("STRING").untrimmed(), "")).isEqualTo("");
    assertThat(rejected(col("STRING").untrimmed().required(), "  ")).startsWith("MISSING_FIELD");
  }

  @Test
  void acceptedValuesAndPatternsApplyToTheStrippedString() throws Rejected {
    Col status = col("STRING").accepted("PAID", "SHIPPED");
    assertThat(value(status, " PAID ")).isEqualTo("PAID");
    assertThat(rejected(status, "LOST"))
        .isEqualTo("INVALID_VALUE field c = 'LOST' is not one of [PAID, SHIPPED]");
    assertThat(rejected(status, "paid")).startsWith("INVALID_VALUE");
    Col sku = col("STRING").pattern("sku-[0-9]+");
    assertThat(value(sku, "sku-12")).isEqualTo("sku-12");
    assertThat(rejected(sku, "sku-12x"))
        .isEqualTo("INVALID_VALUE field c = 'sku-12x' does not match sku-[0-9]+");
  }

  @Test
  void minAndMaxBoundEveryOrderedType() throws Rejected {
    assertThat(rejected(col("BIGINT").min("1"), "0"))
        .isEqualTo("INVALID_VALUE field c must be >= 1: 0");
    assertThat(value(col("BIGINT").min("1"), "1")).isEqualTo(1L);
    assertThat(rejected(col("DECIMAL(12, 2)").min("0"), "-3.00"))
        .isEqualTo("INVALID_VALUE field c must be >= 0: -3.00");
    assertThat(value(col("DECIMAL(12, 2)").min("0"), "-0.00")).isEqualTo(new BigDecimal("0.00"));
    assertThat(rejected(col("INT").max("10"), "11"))
        .isEqualTo("INVALID_VALUE field c must be <= 10: 11");
    assertThat(rejected(col("DOUBLE").min("0.5").max("1.5"), "2"))
        .isEqualTo("INVALID_VALUE field c is outside [0.5, 1.5]: 2.0");
    assertThat(rejected(col("DATE").min("2020-01-01"), "2019-12-31"))
        .isEqualTo("INVALID_VALUE field c must be >= 2020-01-01: 2019-12-31");
    assertThat(rejected(col("DATE").max("now - 1 d"), LocalDate.now().plusDays(1).toString()))
        .startsWith("INVALID_VALUE field c must be <= now - 1 d: ");
    Col created = col("TIMESTAMP(3)").min("2000-01-01T00:00:00Z").max("now + 1 d");
    assertThat(rejected(created, "1999-12-31T23:59:59.999999999Z"))
        .isEqualTo(
            "INVALID_VALUE field c is outside [2000-01-01T00:00:00Z, now + 1 d]:"
                + " 1999-12-31T23:59:59.999");
    assertThat(rejected(created, "3026-01-01T00:00:00Z")).startsWith("INVALID_VALUE");
    assertThat(value(created, "2000-01-01T00:00:00Z"))
        .as("bounds are inclusive")
        .isEqualTo(LocalDateTime.parse("2000-01-01T00:00"));
    Col eventTime = col("TIMESTAMP_LTZ(3)").max("now");
    assertThat(rejected(eventTime, Instant.now().plusSeconds(60).toString()))
        .startsWith("INVALID_VALUE field c must be <= now: ");
    assertThat(value(eventTime, Instant.now().minusSeconds(60).toString())).isNotNull();
  }

  @Test
  void theTenancyColumnAcceptsOnlyTheTenantsServed() throws Rejected {
    Contract contract =
        Contract.of(
            "t",
            List.of(Col.of("tenant_id", "STRING").spec(), Col.of("n", "INT").spec()),
            List.of("tenant_id"),
            new Tenancy("tenant_id", Set.of("acme")),
            ValueEncoding.TEXT,
            Map.of());
    assertThat(contract.row(record("tenant_id", " acme", "n", "1"), NO_METADATA).getField(0))
        .isEqualTo("acme");
    assertThat(rejected(() -> contract.row(record("tenant_id", "ghost"), NO_METADATA)))
        .isEqualTo("UNKNOWN_TENANT tenant_id 'ghost' is not served");
    assertThat(rejected(() -> contract.row(record("tenant_id", ""), NO_METADATA)))
        .as("a key column is required")
        .isEqualTo("MISSING_FIELD field tenant_id is missing or empty");
  }

  @Test
  void aColumnReadsItsFromFieldAndRejectionsNameThatField() throws Rejected {
    Contract contract =
        Contracts.one(col("TIMESTAMP_LTZ(3)").from("ts").required(), ValueEncoding.TEXT);
    assertThat(contract.sourceFields()).containsExactly("ts");
    assertThat(
            contract.row(record("ts", "2026-11-20T08:00:00Z", "c", "x"), NO_METADATA).getField(0))
        .isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
    assertThat(rejected(() -> contract.row(record("c", "2026-11-20T08:00:00Z"), NO_METADATA)))
        .isEqualTo("MISSING_FIELD field ts is missing or empty");
  }

  @Test
  void columnsAreCheckedInDeclaredOrderAndTheFirstFailureRejects() {
    Contract contract =
        Contract.of(
            "t",
            List.of(
                Col.of("a", "BIGINT").min("1").spec(),
                Col.of("b", "STRING").required().spec(),
                Col.of("c", "BIGINT").spec()),
            List.of(),
            Tenancy.none(),
            ValueEncoding.TEXT,
            Map.of());
    assertThat(rejected(() -> contract.row(record("a", "0", "c", "x"), NO_METADATA)))
        .isEqualTo("INVALID_VALUE field a must be >= 1: 0");
    assertThat(rejected(() -> contract.row(record("a", "1", "c", "x"), NO_METADATA)))
        .isEqualTo("MISSING_FIELD field b is missing or empty");
    assertThat(rejected(() -> contract.row(record("a", "1", "b", "y", "c", "x"), NO_METADATA)))
        .isEqualTo("INVALID_TYPE field c is not an integer: 'x'");
  }

  @Test
  void aTimestampWithinAPartitionMustFallOnItsDay() throws Rejected {
    Contract contract =
        Contract.of(
            "t",
            List.of(
                Col.of("settled_at", "TIMESTAMP(3)").withinPartition("dt").spec(),
                Col.of("paid_at", "TIMESTAMP_LTZ(3)").withinPartition("dt").spec(),
                Col.of("dt", "DATE").spec()),
            List.of(),
            Tenancy.none(),
            ValueEncoding.TEXT,
            Map.of());
    Row row =
        contract.row(
            record(
                "settled_at",
                "2026-11-20T23:30:00-00:30",
                "paid_at",
                "2026-11-21T00:00:00Z",
                "dt",
                "2026-11-21"),
            NO_METADATA);
    assertThat(row.getField(0)).isEqualTo(LocalDateTime.parse("2026-11-21T00:00"));
    assertThat(
            rejected(
                () ->
                    contract.row(
                        record("settled_at", "2026-11-21T08:00:00Z", "dt", "2026-11-20"),
                        NO_METADATA)))
        .isEqualTo(
            "PARTITION_MISMATCH settled_at 2026-11-21T08:00 (UTC) is not in partition"
                + " dt=2026-11-20");
    assertThat(
            rejected(
                () ->
                    contract.row(
                        record("paid_at", "2026-11-20T23:00:00-01:00", "dt", "2026-11-20"),
                        NO_METADATA)))
        .isEqualTo(
            "PARTITION_MISMATCH paid_at 2026-11-21T00:00 (UTC) is not in partition dt=2026-11-20");
    assertThat(contract.row(record("dt", "2026-11-20"), NO_METADATA).getField(2))
        .as("nothing to check without a time")
        .isEqualTo(LocalDate.parse("2026-11-20"));
  }

  @Test
  void metadataColumnsTakeTheSourcesValuesConvertingText() throws Rejected {
    Contract contract =
        Contract.of(
            "t",
            List.of(
                Col.of("id", "STRING").spec(),
                Col.of("lsn", "BIGINT").metadata("lsn").spec(),
                Col.of("line", "BIGINT").metadata("line").required().spec(),
                Col.of("file", "STRING").metadata("file").spec(),
                Col.of("at", "TIMESTAMP_LTZ(3)").metadata("at").spec()),
            List.of("id"),
            Tenancy.none(),
            ValueEncoding.TEXT,
            Map.of("lsn", "log position", "line", "line number", "file", "path", "at", "time"));
    Instant at = Instant.parse("2026-11-20T08:00:00.123456Z");
    Map<String, Object> meta = Map.of("lsn", 42L, "line", "7", "file", " f.csv", "at", at);
    Row row = contract.row(record("id", "x", "lsn", "99"), meta::get);
    assertThat(row.getField(1)).as("a Long as it is, not the record's field").isEqualTo(42L);
    assertThat(row.getField(2)).as("text converted").isEqualTo(7L);
    assertThat(row.getField(3)).as("a string as it is").isEqualTo(" f.csv");
    assertThat(row.getField(4)).isSameAs(at);
    assertThat(contract.sourceFields()).containsExactly("id");
    Map<String, Object> intLsn = Map.of("lsn", 1, "line", "3");
    Row key = contract.key(record("id", "x"), intLsn::get);
    assertThat(key.getField(1)).as("an Integer for a BIGINT, through its text").isEqualTo(1L);
    assertThat(key.getField(2)).isEqualTo(3L);
    Map<String, Object> noLine = Map.of("lsn", 1L);
    assertThat(rejected(() -> contract.row(record("id", "x"), noLine::get)))
        .isEqualTo("MISSING_FIELD field line is missing or empty");
  }

  @Test
  void aKeyRowHoldsOnlyTheKeyAndMetadataWithoutRules() throws Rejected {
    Contract orders = ShopFile.orders();
    Row key =
        orders.key(
            record("tenant_id", " ghost ", "order_id", "0", "status", "LOST", "amount", "x"),
            k -> 777L);
    assertThat(key.getKind()).isEqualTo(RowKind.INSERT);
    assertThat(key).isEqualTo(Row.of("ghost", 0L, null, null, null, null, null, 777L));
    assertThat(rejected(() -> orders.key(record("tenant_id", "acme"), k -> 1L)))
        .isEqualTo("MISSING_FIELD field order_id is missing or empty");
    assertThat(rejected(() -> orders.key(record("tenant_id", "acme", "order_id", "x"), k -> 1L)))
        .isEqualTo("INVALID_TYPE field order_id is not an integer: 'x'");
  }

  @Test
  void writableRejectsWhatNoSinkCanStore() throws Rejected {
    Contract contract =
        Contract.of(
            "t",
            List.of(
                Col.of("k", "STRING").spec(),
                Col.of("s", "STRING").spec(),
                Col.of("d", "DOUBLE").spec(),
                Col.of("t", "TIMESTAMP_LTZ(3)").spec(),
                Col.of("day", "DATE").spec(),
                Col.of("l", "TIMESTAMP(3)").spec()),
            List.of("k"),
            Tenancy.none(),
            ValueEncoding.TEXT,
            Map.of());
    Row good = Row.of("é".repeat(1000), "\uD83D\uDE00 \u0001", 1.0, Instant.EPOCH, null, null);
    assertThat(contract.writable(good)).isSameAs(good);
    assertThat(rejected(() -> contract.writable(Row.of("k", "a\u0000b", null, null, null, null))))
        .isEqualTo(
            "INVALID_VALUE field s holds U+0000 (the NUL character, which Postgres text cannot"
                + " hold) at character 1");
    assertThat(rejected(() -> contract.writable(Row.of("k", "x\uD800", null, null, null, null))))
        .isEqualTo(
            "INVALID_VALUE field s holds U+D800 (an unpaired UTF-16 surrogate, which UTF-8 cannot"
                + " encode) at character 1");
    assertThat(rejected(() -> contract.writable(Row.of("k", null, Double.NaN, null, null, null))))
        .isEqualTo("INVALID_VALUE field d is NaN, which neither JSON nor NUMERIC holds");
    Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");
    assertThat(rejected(() -> contract.writable(Row.of("k", null, null, year10000, null, null))))
        .isEqualTo("INVALID_VALUE field t = +10000-01-01T00:00:00Z is outside the years 1 to 9999");
    LocalDate yearZero = LocalDate.parse("0000-01-01");
    assertThat(rejected(() -> contract.writable(Row.of("k", null, null, null, yearZero, null))))
        .startsWith("INVALID_VALUE field day = 0000-01-01 is outside the years 1 to 9999");
    LocalDateTime far = LocalDateTime.parse("+10000-01-01T00:00");
    assertThat(rejected(() -> contract.writable(Row.of("k", null, null, null, null, far))))
        .startsWith("INVALID_VALUE field l = ");
    assertThat(
            rejected(
                () -> contract.writable(Row.of("é".repeat(1001), null, null, null, null, null))))
        .isEqualTo(
            "INVALID_VALUE key fields (k) take 2002 bytes; a key may take at most 2000 (a Postgres"
                + " index entry holds 2704)");
  }

  @Test
  void rowTypeAndSchemaCarryTheDeclaredTypes() {
    Contract clicks = ShopFile.clicks();
    assertThat(clicks.rowType().getFieldNames())
        .containsExactly(
            "tenant_id",
            "event_id",
            "customer_id",
            "session_id",
            "event_type",
            "sku",
            "event_time",
            "source_position",
            "extra_fields");
    assertThat(clicks.rowType().getTypeAt(2)).isEqualTo(Types.LONG);
    assertThat(clicks.rowType().getTypeAt(6)).isEqualTo(Types.INSTANT);
    Contract all =
        Contract.of(
            "all",
            List.of(
                Col.of("a", "STRING").spec(), Col.of("b", "BOOLEAN").spec(),
                Col.of("c", "TINYINT").spec(), Col.of("d", "SMALLINT").spec(),
                Col.of("e", "INT").spec(), Col.of("f", "BIGINT").spec(),
                Col.of("g", "FLOAT").spec(), Col.of("h", "DOUBLE").spec(),
                Col.of("i", "DECIMAL(5, 1)").spec(), Col.of("j", "DATE").spec(),
                Col.of("k", "TIMESTAMP(6)").spec(), Col.of("l", "TIMESTAMP_LTZ(3)").spec(),
                Col.of("m", "VARCHAR(4)").spec(), Col.of("n", "CHAR(2)").spec()),
            List.of("a", "f"),
            Tenancy.none(),
            ValueEncoding.TEXT,
            Map.of());
    assertThat(all.rowType().getFieldTypes())
        .containsExactly(
            Types.STRING,
            Types.BOOLEAN,
            Types.BYTE,
            Types.SHORT,
            Types.INT,
            Types.LONG,
            Types.FLOAT,
            Types.DOUBLE,
            Types.BIG_DEC,
            Types.LOCAL_DATE,
            Types.LOCAL_DATE_TIME,
            Types.INSTANT,
            Types.STRING,
            Types.STRING);
    Schema keyed = all.schema(true, null);
    assertThat(keyed.getPrimaryKey())
        .hasValueSatisfying(pk -> assertThat(pk.getColumnNames()).containsExactly("a", "f"));
    assertThat(keyed.toString())
        .contains("`a` STRING NOT NULL", "`b` BOOLEAN,", "`f` BIGINT NOT NULL", "`i` DECIMAL(5, 1)")
        .contains("`k` TIMESTAMP(6)", "`l` TIMESTAMP_LTZ(3)", "`m` VARCHAR(4)", "`n` CHAR(2)");
    Schema plain = all.schema(false, null);
    assertThat(plain.getPrimaryKey()).isEmpty();
    assertThat(plain.toString()).contains("`a` STRING,").doesNotContain("NOT NULL");
    Schema timed = clicks.schema(false, "event_time");
    assertThat(timed.getWatermarkSpecs())
        .singleElement()
        .satisfies(w -> assertThat(w.getColumnName()).isEqualTo("rowtime"));
    assertThat(timed.getColumns().get(timed.getColumns().size() - 1).toString())
        .isEqualTo("`rowtime` METADATA");
  }

  @Test
  void theContractNamesItsColumnsKeyAndFields() {
    Contract customers = ShopFile.customers();
    assertThat(customers.table()).isEqualTo("customers");
    assertThat(customers.key()).containsExactly("tenant_id", "customer_id");
    assertThat(customers.index("valid_from")).isEqualTo(5);
    assertThat(customers.sourceFields())
        .containsExactly("tenant_id", "customer_id", "name", "segment", "country", "updated_at");
    assertThat(customers.columnNames()).hasSize(7).endsWith("lsn");
    assertThatThrownBy(() -> customers.index("updated_at"))
        .hasMessageContaining("has no column updated_at; its columns are [tenant_id,");
    assertThatThrownBy(() -> customers.schema(false, "name"))
        .hasMessageContaining("event time column name is STRING");
  }

  @Test
  void jsonRecordFieldsGiveScalarsAsTextAndNestedValuesAsJson() throws Exception {
    RecordFields fields =
        new JsonRecordFields(
            new ObjectMapper()
                .readTree(
                    "{\"s\":\"x\",\"n\":5,\"d\":1.5,\"b\":true,\"z\":null,\"o\":{\"a\":[1]}}"));
    assertThat(fields.text("s")).isEqualTo("x");
    assertThat(fields.text("n")).isEqualTo("5");
    assertThat(fields.text("d")).isEqualTo("1.5");
    assertThat(fields.text("b")).isEqualTo("true");
    assertThat(fields.text("z")).isNull();
    assertThat(fields.text("missing")).isNull();
    assertThat(fields.text("o")).isEqualTo("{\"a\":[1]}");
  }

  @Test
  void aContractSurvivesSerializationWithItsRules() throws Exception {
    Contract copy = InstantiationUtil.clone(ShopFile.orders(), ContractTest.class.getClassLoader());
    assertThat(
            rejected(
                () ->
                    copy.row(
                        record(
                            "tenant_id",
                            "acme",
                            "order_id",
                            "1",
                            "customer_id",
                            "2",
                            "status",
                            "LOST"),
                        NO_METADATA)))
        .isEqualTo(
            "INVALID_VALUE field status = 'LOST' is not one of [PENDING, PAID, SHIPPED, CANCELLED]");
    assertThat(copy.schema(true, null).getColumns().get(4).toString())
        .isEqualTo("`amount` DECIMAL(12, 2)");
  }
}
