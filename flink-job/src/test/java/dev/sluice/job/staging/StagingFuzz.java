package dev.sluice.job.staging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.connectors.postgres.PgChangeEncoder;
import dev.sluice.connectors.postgres.PostgresTable;
import dev.sluice.connectors.text.WritableText;
import dev.sluice.job.HostileValues;
import dev.sluice.job.contract.Contract;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Drives every hostile value through every field of a staged source, as a string and as a raw
 * token, then seeded random mixes of several: each record is staged as exactly one row every sink
 * can write, or it is exactly one dead letter that is itself writable — never an exception, never
 * both, never neither. The rules are restated here, not taken from staging. Each source's fuzz test
 * (in its package) builds the records and runs its staging as the job does.
 */
public final class StagingFuzz {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final int MIXES = 400;

  private StagingFuzz() {}

  /**
   * Each field x each value x (string, raw token), then seeded mixes of one to three fields: {@code
   * record} makes the input of a list of changes, each a field and its JSON text (a quoted string
   * or a raw token).
   */
  public static <IN> void fuzz(
      StagingHarness<IN, Row> h,
      List<String> fields,
      Function<List<String[]>, IN> record,
      Contract contract)
      throws Exception {
    RowTypeInfo type = contract.rowType();
    PgChangeEncoder encoder =
        new PgChangeEncoder(
            new PostgresTable("fuzz.staged", List.of(type.getFieldNames()), contract.key()));
    List<List<String[]>> cases = new ArrayList<>();
    for (String field : fields) {
      for (String value : HostileValues.ALL) {
        cases.add(List.<String[]>of(new String[] {field, quoted(value)}));
        cases.add(List.<String[]>of(new String[] {field, value}));
      }
    }
    Random random = new Random(HostileValues.seed());
    for (int i = 0; i < MIXES; i++) {
      List<String[]> mix = new ArrayList<>();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        String value = HostileValues.pick(random);
        mix.add(
            new String[] {
              fields.get(random.nextInt(fields.size())),
              random.nextBoolean() ? quoted(value) : value
            });
      }
      cases.add(mix);
    }
    int staged = 0;
    for (List<String[]> changes : cases) {
      int rowsBefore = h.rows().size();
      int lettersBefore = h.deadLetters().size();
      IN in = record.apply(changes);
      h.push(in);
      List<Row> rows = h.rows().subList(rowsBefore, h.rows().size());
      List<DeadLetter> letters = h.deadLetters().subList(lettersBefore, h.deadLetters().size());
      String what = describe(changes);
      if (letters.isEmpty()) {
        assertThat(rows).as("staged once: " + what).hasSize(1);
        assertWritable(rows.get(0), type, encoder, what);
        staged++;
      } else {
        assertThat(letters).as("one letter: " + what).hasSize(1);
        assertThat(rows)
            .as("nothing staged beside the letter: " + what)
            .allMatch(r -> r.getKind() == RowKind.DELETE);
        assertWritable(letters.get(0), what);
      }
    }
    assertThat(staged).as("some records are still staged").isPositive();
    assertThat(h.deadLetters().size()).as("some are dead letters").isPositive();
  }

  /** What every sink can write: text without NUL or unpaired surrogates, years 1-9999, finite. */
  private static void assertWritable(
      Row row, RowTypeInfo type, PgChangeEncoder encoder, String what) {
    for (int i = 0; i < row.getArity(); i++) {
      Object v = row.getField(i);
      String field = type.getFieldNames()[i] + " of " + what;
      if (v instanceof String) {
        assertThat(WritableText.problem((String) v)).as(field).isNull();
      } else if (v instanceof Double) {
        assertThat((Double) v).as(field).isFinite();
      } else if (v instanceof Instant || v instanceof LocalDateTime || v instanceof LocalDate) {
        int year =
            v instanceof Instant
                ? ((Instant) v).atOffset(ZoneOffset.UTC).getYear()
                : v instanceof LocalDateTime
                    ? ((LocalDateTime) v).getYear()
                    : ((LocalDate) v).getYear();
        assertThat(year).as(field).isBetween(1, 9999);
      }
    }
    assertThat(WritableText.problem(encoder.map(row).csv)).as("COPY line of " + what).isNull();
  }

  private static void assertWritable(DeadLetter d, String what) {
    assertThat(d.reason).as(what).isNotNull();
    assertThat(d.detail).as("detail of " + what).isNotBlank();
    for (String text : new String[] {d.source, d.detail, d.payload, d.position}) {
      assertThat(WritableText.problem(text)).as("letter of " + what).isNull();
      assertThat(text).as("letter of " + what).doesNotContain("\u0001");
    }
    assertThat(d.position.length())
        .as("position of " + what)
        .isLessThanOrEqualTo(DeadLetter.MAX_KEY_CHARS);
  }

  /** {@code node} with each changed field set to a placeholder that {@link #fill} replaces. */
  public static ObjectNode withPlaceholders(ObjectNode node, List<String[]> changes) {
    for (int i = 0; i < changes.size(); i++) {
      node.put(changes.get(i)[0], "@@" + i + "@@");
    }
    return node;
  }

  /** {@code json} with each placeholder replaced by its change's JSON text (a later one wins). */
  public static String fill(String json, List<String[]> changes) {
    for (int i = 0; i < changes.size(); i++) {
      json = json.replace("\"@@" + i + "@@\"", changes.get(i)[1]);
    }
    return json;
  }

  public static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON string of {@code value}, every non-ASCII character escaped (so surrogates survive). */
  private static String quoted(String value) {
    try {
      return ESCAPING.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A raw cell: the value as it is, or the text of a quoted one. */
  public static String unquoted(String value) {
    try {
      return value.startsWith("\"") ? JSON.readValue(value, String.class) : value;
    } catch (Exception e) {
      return value;
    }
  }

  private static String describe(List<String[]> changes) {
    StringBuilder out = new StringBuilder();
    for (String[] c : changes) {
      String v = c[1].length() > 40 ? c[1].substring(0, 40) + "...(" + c[1].length() + ")" : c[1];
      out.append(out.length() == 0 ? "" : ", ").append(c[0]).append('=').append(v);
    }
    return out.toString();
  }
}
