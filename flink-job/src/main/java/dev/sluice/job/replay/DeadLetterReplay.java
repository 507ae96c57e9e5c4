package dev.sluice.job.replay;

import dev.sluice.job.ShopConnectors;
import dev.sluice.job.WarehouseBootstrap;
import dev.sluice.job.config.ShopOptions;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/**
 * {@code bin/sluice dlq replay}: re-injects the dead letters of one reason, after the cause was
 * fixed (a tenant now served, a currency now accepted), each the way its source allows — clicks
 * produced to the clicks topic again, payment lines re-delivered as a batch with a manifest, CDC
 * rows touched at the source so that the WAL carries them again — and records each in {@code
 * ops.dlq_replays}. A letter recorded there is never replayed again; a replay cut off between
 * re-injection and record is absorbed by the pipeline (the ledger skips a re-delivered batch, the
 * click deduplication a repeated event, the staging upsert a repeated row).
 */
public final class DeadLetterReplay {

  private DeadLetterReplay() {}

  /** A dead letter chosen for replay. */
  public record Letter(String source, String position, String reason, String payload) {}

  /** Replays the letters of {@code reason} seen since {@code since} (null: all); returns them. */
  public static List<Letter> run(
      Configuration options, String reason, Instant since, PrintStream out) throws Exception {
    WarehouseBootstrap.run(
        ShopConnectors.warehouse(options),
        options.get(ShopOptions.SQL_DIR),
        ShopConnectors.DEAD_LETTER_TABLE);
    String replayId = "replay-" + UUID.randomUUID().toString().substring(0, 8);
    List<Letter> letters;
    try (Connection warehouse = ShopConnectors.warehouse(options).connect()) {
      letters = pending(warehouse, reason, since);
      Map<String, List<Letter>> bySource = new LinkedHashMap<>();
      letters.forEach(
          l -> bySource.computeIfAbsent(family(l.source), s -> new ArrayList<>()).add(l));
      if (letters.isEmpty()) {
        out.printf("no dead letters with reason %s to replay%n", reason);
      }
      for (Map.Entry<String, List<Letter>> group : bySource.entrySet()) {
        List<Letter> batch = group.getValue();
        String action =
            switch (group.getKey()) {
              case "clicks" -> ClickReplay.produce(options, batch);
              case "payments" -> PaymentReplay.redeliver(batch, replayId);
              case "orders", "customers" -> ChangeEventReplay.touch(options, batch);
              default ->
                  throw new IllegalArgumentException(
                      "dead letters of source " + group.getKey() + " cannot be replayed");
            };
        record(warehouse, batch, replayId, action);
        out.printf(
            "%-10s %5d dead letters (%s): %s%n", group.getKey(), batch.size(), reason, action);
      }
    }
    return letters;
  }

  /** orders, customers, payments, payments-ledger, clicks, clicks-lateness... -> the source. */
  private static String family(String source) {
    return source.replaceFirst("-.*", "");
  }

  private static List<Letter> pending(Connection warehouse, String reason, Instant since)
      throws SQLException {
    List<Letter> letters = new ArrayList<>();
    try (PreparedStatement st =
        warehouse.prepareStatement(
            "SELECT d.source, d.position, d.reason, d.payload FROM "
                + ShopConnectors.DEAD_LETTER_TABLE
                + " d WHERE d.reason = ? AND d.seen_at >= ? AND NOT EXISTS (SELECT 1 FROM"
                + " ops.dlq_replays r WHERE r.source = d.source AND r.position = d.position"
                + " AND r.reason = d.reason) ORDER BY d.source, d.position")) {
      st.setString(1, reason);
      st.setTimestamp(2, Timestamp.from(since == null ? Instant.EPOCH : since));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          letters.add(
              new Letter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return letters;
  }

  private static void record(Connection warehouse, List<Letter> letters, String id, String action)
      throws SQLException {
    try (PreparedStatement st =
        warehouse.prepareStatement(
            "INSERT INTO ops.dlq_replays (source, position, reason, replay_id, action)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Letter l : letters) {
        st.setString(1, l.source);
        st.setString(2, l.position);
        st.setString(3, l.reason);
        st.setString(4, id);
        st.setString(5, action);
        st.addBatch();
      }
      st.executeBatch();
    }
  }
}
