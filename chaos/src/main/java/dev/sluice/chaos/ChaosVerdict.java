package dev.sluice.chaos;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.stack.kit.Await;
import dev.sluice.stack.kit.Rows;
import dev.sluice.stack.shop.ShopExpectations;
import dev.sluice.stack.shop.ShopOracle;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The end of a chaos run: once the inputs have stopped, waits for every output to drain and
 * compares each with the oracle (plain SQL over the raw inputs) — the marts, the ledger of dead
 * letters, and each Kafka output as a read_committed consumer sees it — counting what is lost,
 * duplicated or wrong.
 */
final class ChaosVerdict {

  /** Reconciliation statuses that are not exceptions (the payment-exceptions topic skips them). */
  private static final List<String> NOT_EXCEPTIONS = List.of("MATCHED", "NOT_DUE");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private final ChaosWorld world;
  private final Duration drain;
  private final List<ChaosCheck> checks = new ArrayList<>();

  ChaosVerdict(ChaosWorld world, Duration drain) {
    this.world = world;
    this.drain = drain;
  }

  /**
   * Runs every check; {@code openCustomers} ({@code tenant|customer}) are left out of customer_360
   * and clicks at or after {@code openMinute} out of the per-minute windows: their sessions and
   * windows are still open when the run ends.
   */
  List<ChaosCheck> check(ShopExpectations expected, Set<String> openCustomers, String openMinute)
      throws Exception {
    try (Connection source = world.source()) {
      ShopOracle.load(source, expected);
    }
    long deadline = System.nanoTime() + drain.toNanos();
    for (ShopOracle.Mart mart : ShopOracle.MARTS) {
      // Open sessions are missing from customer_360.
      Predicate<String> compared =
          r ->
              !mart.table().equals("marts.customer_360")
                  || !openCustomers.contains(ShopOracle.customerOf(r));
      mart(mart, compared, deadline);
    }
    deadLetters(expected, deadline);
    clicksPerMinute(openMinute, deadline);
    upsertTopic(
        "enriched",
        oracleEnriched(),
        n -> field(n, "tenant_id", "order_id", "status", "amount", "customer_segment"),
        deadline);
    upsertTopic(
        "exceptions",
        oracleExceptions(),
        n -> field(n, "tenant_id", "order_id", "reconciliation_status"),
        deadline);
    deadLetterTopic(expected, deadline);
    return checks;
  }

  private void mart(ShopOracle.Mart mart, Predicate<String> compared, long deadline)
      throws Exception {
    List<String> oracle = filter(rows(world::source, mart.oracle()), compared);
    Supplier<List<String>> actual =
        () -> filter(rowsOrError(world::warehouse, mart.read()), compared);
    Await.settle(() -> oracle, actual, deadline);
    checks.add(compare(mart.table(), oracle, actual.get(), "rows equal to the oracle"));
  }

  /**
   * ops.dead_letters against the generator's record of every bad input and its reason, the LATE and
   * DUPLICATE clicks the feed sends included (and counted on their own, see {@link #clickLetters}).
   * Only which copy of a payment batch is read first depends on how the readers interleave, and
   * with it some letters: a re-delivered copy read before the original makes the original the
   * DUPLICATE (so copies are compared by name without {@code -redelivered}); a correction read
   * before its original makes the original SUPERSEDED, and its lines are then never parsed (so
   * their letters are not required). SUPERSEDED letters are therefore allowed, never required.
   */
  private void deadLetters(ShopExpectations expected, long deadline) throws Exception {
    List<String> generated = generatedLetters(expected);
    Predicate<String> orderDependent = r -> r.endsWith("|SUPERSEDED");
    Supplier<List<String>> wanted =
        () -> {
          List<String> superseded =
              normalizedDeadLetters().stream()
                  .filter(orderDependent)
                  .map(r -> r.split("\\|")[1].replace(".manifest.json", ".csv:"))
                  .toList();
          return filter(
              generated,
              r -> superseded.stream().noneMatch(file -> r.split("\\|")[1].startsWith(file)));
        };
    Await.settle(wanted, () -> filter(normalizedDeadLetters(), orderDependent.negate()), deadline);
    List<String> actual = normalizedDeadLetters();
    List<String> allowed = filter(actual, orderDependent);
    ChaosCheck c =
        compare("ops.dead_letters", wanted.get(), filter(actual, orderDependent.negate()), "");
    checks.add(
        new ChaosCheck(
            c.output(),
            c.expected(),
            c.found() + allowed.size(),
            c.lost(),
            c.duplicated(),
            c.wrong(),
            "each bad input once with its reason"
                + (allowed.isEmpty()
                    ? ""
                    : "; also " + allowed.size() + " SUPERSEDED (read order, allowed)"),
            c.sample()));
    checks.add(clickLetters("ops.dead_letters", "LATE", generated, actual));
    checks.add(clickLetters("ops.dead_letters", "DUPLICATE", generated, actual));
  }

  /** The generator's bad records as sorted {@code source|position|reason}. */
  private static List<String> generatedLetters(ShopExpectations expected) {
    List<String> letters = new ArrayList<>();
    expected.badRecords.forEach(
        (src, bad) ->
            bad.forEach(
                (position, reason) -> letters.add(src + "|" + copyless(position) + "|" + reason)));
    letters.sort(null);
    return letters;
  }

  /**
   * The click letters of one reason in {@code found} against those the generator sent: each exactly
   * once. None sent fails it too: the check would hold by construction.
   */
  private static ChaosCheck clickLetters(
      String output, String reason, List<String> generated, List<String> found) {
    Predicate<String> of = r -> r.startsWith("clicks|") && r.endsWith("|" + reason);
    List<String> sent = filter(generated, of);
    ChaosCheck c =
        compare(output + " " + reason, sent, filter(found, of), reason + " clicks, each once");
    return sent.isEmpty()
        ? new ChaosCheck(
            c.output(), 0, c.found(), 1, 0, c.wrong(), c.note(), "no " + reason + " click sent")
        : c;
  }

  /** A re-delivered copy's name as its original's. */
  private static String copyless(String position) {
    return position.replace("-redelivered.", ".");
  }

  private List<String> normalizedDeadLetters() {
    return normalized(
        rowsOrError(world::warehouse, "SELECT source, position, reason FROM ops.dead_letters"));
  }

  /** Letters ({@code source|position|reason}) with positions as the generator names them. */
  private static List<String> normalized(List<String> rows) {
    List<String> letters = new ArrayList<>();
    for (String row : rows) {
      String[] cols = row.split("\\|", -1);
      if (cols.length < 3) {
        letters.add(row);
        continue;
      }
      String position = ShopOracle.generatorPosition(cols[0], cols[1]);
      letters.add(cols[0].replaceFirst("-.*", "") + "|" + copyless(position) + "|" + cols[2]);
    }
    letters.sort(null);
    return letters;
  }

  /** The append-only per-minute topic: every closed window exactly once. */
  private void clicksPerMinute(String openMinute, long deadline) throws Exception {
    List<String> oracle =
        filter(rows(world::source, ShopOracle.CLICKS_PER_MINUTE), r -> windowBefore(r, openMinute));
    Supplier<List<String>> actual =
        () ->
            readOrError(
                "cpm",
                records -> {
                  List<String> windows = new ArrayList<>();
                  for (String[] record : records) {
                    JsonNode n = parse(record[1]);
                    windows.add(
                        field(n, "tenant_id", "event_type", "window_start", "events", "customers"));
                  }
                  windows.sort(null);
                  return filter(windows, r -> windowBefore(r, openMinute));
                });
    Await.settle(() -> oracle, actual, deadline);
    checks.add(
        compare(
            "kafka " + ChaosWorld.topic("cpm"),
            oracle,
            actual.get(),
            "append-only: each closed window exactly once"));
  }

  private static boolean windowBefore(String row, String openMinute) {
    String start = row.split("\\|")[2];
    return start.compareTo(openMinute) < 0;
  }

  /** An upsert topic as its reader ends with it: the last value of each key. */
  private void upsertTopic(
      String name, List<String> oracle, Function<JsonNode, String> row, long deadline)
      throws Exception {
    Supplier<List<String>> actual =
        () ->
            readOrError(
                name,
                records -> {
                  Map<String, String> latest = new TreeMap<>();
                  for (String[] record : records) {
                    if (record[1] == null) {
                      latest.remove(record[0]);
                    } else {
                      latest.put(record[0], row.apply(parse(record[1])));
                    }
                  }
                  List<String> rows = new ArrayList<>(latest.values());
                  rows.sort(null);
                  return rows;
                });
    Await.settle(() -> oracle, actual, deadline);
    checks.add(
        compare(
            "kafka " + ChaosWorld.topic(name),
            oracle,
            actual.get(),
            "upsert: last value per key equal to the oracle"));
  }

  /**
   * The dead-letter topic holds each letter of ops.dead_letters exactly once, and the LATE and
   * DUPLICATE clicks the generator sent each once.
   */
  private void deadLetterTopic(ShopExpectations expected, long deadline) throws Exception {
    List<String> table =
        rowsOrError(world::warehouse, "SELECT source, position, reason FROM ops.dead_letters");
    Supplier<List<String>> actual =
        () ->
            readOrError(
                "dl",
                records -> {
                  List<String> letters = new ArrayList<>();
                  for (String[] record : records) {
                    letters.add(field(parse(record[1]), "source", "position", "reason"));
                  }
                  letters.sort(null);
                  return letters;
                });
    Await.settle(() -> table, actual, deadline);
    List<String> topic = actual.get();
    String output = "kafka " + ChaosWorld.topic("dl");
    checks.add(
        compare(output, table, topic, "append-only: each letter of ops.dead_letters exactly once"));
    List<String> generated = generatedLetters(expected);
    checks.add(clickLetters(output, "LATE", generated, normalized(topic)));
    checks.add(clickLetters(output, "DUPLICATE", generated, normalized(topic)));
  }

  private List<String> oracleEnriched() throws SQLException {
    return rows(
        world::source,
        "SELECT tenant_id || '|' || order_id || '|' || status || '|' || amount || '|'"
            + " || coalesce(segment, 'null') FROM ("
            + ShopOracle.ENRICHED
            + ") AS e(tenant_id, order_id, customer_id, status, amount, currency, c, d,"
            + " name, segment, country, v)");
  }

  private List<String> oracleExceptions() throws SQLException {
    List<String> exceptions = new ArrayList<>();
    for (String row : rows(world::source, ShopOracle.RECONCILIATION)) {
      String[] cols = row.split("\\|");
      if (!NOT_EXCEPTIONS.contains(cols[5])) {
        exceptions.add(cols[0] + "|" + cols[1] + "|" + cols[5]);
      }
    }
    exceptions.sort(null);
    return exceptions;
  }

  /**
   * A topic's committed records turned into rows by {@code rows}, or one row naming the read error:
   * a topic that cannot be read must not look empty.
   */
  private List<String> readOrError(String topic, Function<List<String[]>, List<String>> rows) {
    List<String[]> records;
    try {
      records =
          CommittedTopic.read(world.stack.kafka().bootstrapServers(), ChaosWorld.topic(topic));
    } catch (RuntimeException e) {
      return List.of("reading " + ChaosWorld.topic(topic) + " failed: " + e);
    }
    return rows.apply(records);
  }

  /** Counts, per distinct row, how often each side holds it. */
  static ChaosCheck compare(String output, List<String> expected, List<String> found, String note) {
    Map<String, Integer> want = counts(expected);
    Map<String, Integer> have = counts(found);
    long lost = 0;
    long duplicated = 0;
    long wrong = 0;
    List<String> sample = new ArrayList<>();
    for (Map.Entry<String, Integer> e : want.entrySet()) {
      int h = have.getOrDefault(e.getKey(), 0);
      lost += Math.max(0, e.getValue() - h);
      duplicated += Math.max(0, h - e.getValue());
      if (h != e.getValue() && sample.size() < 6) {
        sample.add((h < e.getValue() ? "lost " : "duplicated ") + e.getKey());
      }
    }
    for (Map.Entry<String, Integer> e : have.entrySet()) {
      if (!want.containsKey(e.getKey())) {
        wrong += e.getValue();
        if (sample.size() < 12) {
          sample.add("wrong " + e.getKey());
        }
      }
    }
    return new ChaosCheck(
        output,
        expected.size(),
        found.size(),
        lost,
        duplicated,
        wrong,
        note,
        String.join("; ", sample));
  }

  private static Map<String, Integer> counts(List<String> rows) {
    Map<String, Integer> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(r, 1, Integer::sum));
    return counts;
  }

  private static List<String> filter(List<String> rows, Predicate<String> keep) {
    return rows.stream().filter(keep).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode().put("unparsable", json);
    }
  }

  private static String field(JsonNode n, String... names) {
    StringBuilder row = new StringBuilder();
    for (String name : names) {
      row.append(row.length() == 0 ? "" : "|").append(n.path(name).asText());
    }
    return row.toString();
  }

  /** Opens a connection. */
  private interface Db {
    Connection open() throws SQLException;
  }

  private static List<String> rowsOrError(Db db, String sql) {
    try {
      return rows(db, sql);
    } catch (SQLException e) {
      return List.of("query failed: " + e.getMessage());
    }
  }

  private static List<String> rows(Db db, String sql) throws SQLException {
    try (Connection c = db.open()) {
      return Rows.of(c, sql);
    }
  }
}
