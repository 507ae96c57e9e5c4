package dev.sluice.chaos;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.stack.shop.ShopExpectations;
import dev.sluice.stack.shop.ShopOracle;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    mart(
        "marts.tenant_daily_revenue",
        ShopOracle.REVENUE,
        ShopOracle.REVENUE_MART,
        r -> true,
        deadline);
    mart(
        "curated.orders_enriched",
        ShopOracle.ENRICHED,
        ShopOracle.ENRICHED_MART,
        r -> true,
        deadline);
    mart(
        "marts.payment_reconciliation",
        ShopOracle.RECONCILIATION,
        ShopOracle.RECONCILIATION_MART,
        r -> true,
        deadline);
    mart("marts.funnel_daily", ShopOracle.FUNNEL, ShopOracle.FUNNEL_MART, r -> true, deadline);
    mart(
        "marts.customer_360",
        ShopOracle.CUSTOMER_360,
        ShopOracle.CUSTOMER_360_MART,
        r -> !openCustomers.contains(r.substring(0, r.indexOf('|', r.indexOf('|') + 1))),
        deadline);
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
    deadLetterTopic(deadline);
    return checks;
  }

  private void mart(
      String mart, String oracleSql, String martSql, Predicate<String> compared, long deadline)
      throws Exception {
    List<String> oracle = filter(rows(world::source, oracleSql), compared);
    Supplier<List<String>> actual = () -> filter(rowsOrError(world::warehouse, martSql), compared);
    awaitEqual(oracle, actual, deadline);
    checks.add(compare(mart, oracle, actual.get(), "rows equal to the oracle"));
  }

  /**
   * ops.dead_letters against the generator's record of every bad input and its reason. Which copy
   * of a payment batch is read first depends on how the readers interleave, and with it some
   * letters: a re-delivered copy read before the original makes the original the DUPLICATE (so
   * copies are compared by name without {@code -redelivered}); a correction read before its
   * original makes the original SUPERSEDED, and its lines are then never parsed (so their letters
   * are not required). LATE clicks (only among those the generator sent late) and SUPERSEDED
   * letters are allowed, never required.
   */
  private void deadLetters(ShopExpectations expected, long deadline) throws Exception {
    List<String> generated = new ArrayList<>();
    Set<String> lateCandidates = new HashSet<>();
    expected.badRecords.forEach(
        (src, bad) ->
            bad.forEach(
                (position, reason) -> {
                  String letter = src + "|" + copyless(position) + "|" + reason;
                  if (reason.equals("LATE")) {
                    lateCandidates.add(letter.substring(0, letter.lastIndexOf('|')));
                  } else {
                    generated.add(letter);
                  }
                }));
    Predicate<String> orderDependent = r -> r.endsWith("|LATE") || r.endsWith("|SUPERSEDED");
    Supplier<List<String>> wanted =
        () -> {
          List<String> superseded =
              normalizedDeadLetters().stream()
                  .filter(r -> r.endsWith("|SUPERSEDED"))
                  .map(r -> r.split("\\|")[1].replace(".manifest.json", ".csv:"))
                  .toList();
          List<String> letters =
              filter(
                  generated,
                  r -> superseded.stream().noneMatch(file -> r.split("\\|")[1].startsWith(file)));
          return letters.stream().sorted().toList();
        };
    awaitEqual(wanted, () -> filter(normalizedDeadLetters(), orderDependent.negate()), deadline);
    List<String> actual = normalizedDeadLetters();
    long unexplainedLate =
        actual.stream()
            .filter(r -> r.endsWith("|LATE"))
            .filter(r -> !lateCandidates.contains(r.substring(0, r.lastIndexOf('|'))))
            .count();
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
            c.wrong() + unexplainedLate,
            "each bad input once with its reason"
                + (allowed.isEmpty()
                    ? ""
                    : "; also " + allowed.size() + " LATE/SUPERSEDED (order-dependent, allowed)"),
            c.sample()));
  }

  /** A re-delivered copy's name as its original's. */
  private static String copyless(String position) {
    return position.replace("-redelivered.", ".");
  }

  private List<String> normalizedDeadLetters() {
    List<String> letters = new ArrayList<>();
    for (String row :
        rowsOrError(world::warehouse, "SELECT source, position, reason FROM ops.dead_letters")) {
      String[] cols = row.split("\\|", -1);
      if (cols.length < 3) {
        letters.add(row);
        continue;
      }
      String position = cols[1].replaceFirst("^file:/*", "/");
      if (cols[0].equals("orders")) {
        position = position.replaceAll(".*key=(\\S+).*", "$1");
      }
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
        () -> {
          List<String> windows = new ArrayList<>();
          for (String[] record : read("cpm")) {
            JsonNode n = parse(record[1]);
            windows.add(field(n, "tenant_id", "event_type", "window_start", "events", "customers"));
          }
          windows.sort(null);
          return filter(windows, r -> windowBefore(r, openMinute));
        };
    awaitEqual(oracle, actual, deadline);
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
      String name,
      List<String> oracle,
      java.util.function.Function<JsonNode, String> row,
      long deadline)
      throws Exception {
    Supplier<List<String>> actual =
        () -> {
          Map<String, String> latest = new TreeMap<>();
          for (String[] record : read(name)) {
            if (record[1] == null) {
              latest.remove(record[0]);
            } else {
              latest.put(record[0], row.apply(parse(record[1])));
            }
          }
          List<String> rows = new ArrayList<>(latest.values());
          rows.sort(null);
          return rows;
        };
    awaitEqual(oracle, actual, deadline);
    checks.add(
        compare(
            "kafka " + ChaosWorld.topic(name),
            oracle,
            actual.get(),
            "upsert: last value per key equal to the oracle"));
  }

  /** The dead-letter topic holds each letter of ops.dead_letters exactly once. */
  private void deadLetterTopic(long deadline) throws Exception {
    List<String> table =
        rowsOrError(world::warehouse, "SELECT source, position, reason FROM ops.dead_letters");
    Supplier<List<String>> actual =
        () -> {
          List<String> letters = new ArrayList<>();
          for (String[] record : read("dl")) {
            letters.add(field(parse(record[1]), "source", "position", "reason"));
          }
          letters.sort(null);
          return letters;
        };
    awaitEqual(table, actual, deadline);
    checks.add(
        compare(
            "kafka " + ChaosWorld.topic("dl"),
            table,
            actual.get(),
            "append-only: each letter of ops.dead_letters exactly once"));
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

  private List<String[]> read(String topic) {
    try {
      return CommittedTopic.read(world.stack.kafka().bootstrapServers(), ChaosWorld.topic(topic));
    } catch (RuntimeException e) {
      return List.of();
    }
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

  private static void awaitEqual(
      List<String> expected, Supplier<List<String>> actual, long deadline)
      throws InterruptedException {
    awaitEqual(() -> expected, actual, deadline);
  }

  private static void awaitEqual(
      Supplier<List<String>> expected, Supplier<List<String>> actual, long deadline)
      throws InterruptedException {
    while (System.nanoTime() < deadline && !expected.get().equals(actual.get())) {
      Thread.sleep(500);
    }
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
    List<String> rows = new ArrayList<>();
    try (Connection c = db.open();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }
}
