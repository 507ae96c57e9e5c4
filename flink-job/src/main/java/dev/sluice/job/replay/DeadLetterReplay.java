package dev.sluice.job.replay;

import static java.util.stream.Collectors.joining;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.factory.LetterReplay.Letter;
import dev.sluice.job.sink.postgres.DeadLetterTable;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bin/sluice dlq replay}: re-injects the dead letters of one reason, after the cause was
 * fixed (a tenant now served, a value now accepted), each the way its source type allows (see
 * {@link LetterReplay}), and records each in the {@code dlq_replays} table beside the dead letters.
 * A letter recorded there is never replayed again; a replay cut off between re-injection and record
 * is absorbed by the pipeline (the ledger skips a re-delivered batch, the dedupe a repeated record,
 * the staging upsert a repeated row).
 */
public final class DeadLetterReplay {

  private static final String REPLAYS_DDL =
      "CREATE TABLE IF NOT EXISTS %s ("
          + " source TEXT NOT NULL, position TEXT NOT NULL, reason TEXT NOT NULL,"
          + " replay_id TEXT NOT NULL, action TEXT NOT NULL,"
          + " replayed_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
          + " PRIMARY KEY (source, position, reason))";

  private DeadLetterReplay() {}

  /** Replays the letters of {@code reason} seen since {@code since} (null: all); returns them. */
  public static List<Letter> run(
      PipelineDefinition pipeline, String reason, Instant since, PrintStream out) throws Exception {
    DeadLetterTable letters = DeadLetterTable.of(pipeline);
    FactoryRegistry registry = FactoryRegistry.discover();
    String replayId = "replay-" + UUID.randomUUID().toString().substring(0, 8);
    List<Letter> pending;
    try (Connection db = letters.database().connect()) {
      try (Statement st = db.createStatement()) {
        st.execute(String.format(REPLAYS_DDL, letters.replays()));
      }
      pending = pending(db, letters, reason, since);
      Map<SourceDef, List<Letter>> bySource = new LinkedHashMap<>();
      for (Letter letter : pending) {
        bySource.computeIfAbsent(source(pipeline, letter), s -> new ArrayList<>()).add(letter);
      }
      if (pending.isEmpty()) {
        out.printf("no dead letters with reason %s to replay%n", reason);
      }
      for (Map.Entry<SourceDef, List<Letter>> group : bySource.entrySet()) {
        SourceDef source = group.getKey();
        LetterReplay replay =
            registry.source(source.type(), source.location(), "sources." + source.name()).replay();
        if (replay == null) {
          throw new IllegalArgumentException(
              "dead letters of source "
                  + source.name()
                  + " ("
                  + source.type()
                  + ") cannot be"
                  + " replayed");
        }
        List<Letter> batch = group.getValue();
        String action = replay.replay(source, batch, replayId);
        record(db, letters.replays(), batch, replayId, action);
        String stages =
            batch.stream().map(Letter::source).distinct().sorted().collect(joining(", "));
        out.printf(
            "%-10s %5d dead letters (%s) of %s: %s%n",
            source.name(), batch.size(), reason, stages, action);
      }
    }
    return pending;
  }

  /**
   * The source a letter's stage belongs to: the source itself, one of its tables, or one of its
   * steps ({@code <source>-ledger}, {@code -lateness}, {@code -dedupe}).
   */
  private static SourceDef source(PipelineDefinition pipeline, Letter letter) {
    for (SourceDef source : pipeline.sources()) {
      if (letter.source().equals(source.name())
          || letter.source().startsWith(source.name() + "-")) {
        return source;
      }
      for (TableDef table : source.tables()) {
        if (letter.source().equals(table.name())) {
          return source;
        }
      }
    }
    throw new IllegalArgumentException(
        "dead letters of " + letter.source() + " belong to no source of " + pipeline.file());
  }

  private static List<Letter> pending(
      Connection db, DeadLetterTable letters, String reason, Instant since) throws SQLException {
    List<Letter> pending = new ArrayList<>();
    try (PreparedStatement st =
        db.prepareStatement(
            "SELECT d.source, d.position, d.reason, d.payload FROM "
                + letters.table()
                + " d WHERE d.reason = ? AND d.seen_at >= ? AND NOT EXISTS (SELECT 1 FROM "
                + letters.replays()
                + " r WHERE r.source = d.source AND r.position = d.position"
                + " AND r.reason = d.reason) ORDER BY d.source, d.position")) {
      st.setString(1, reason);
      st.setTimestamp(2, Timestamp.from(since == null ? Instant.EPOCH : since));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          pending.add(
              new Letter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return pending;
  }

  private static void record(
      Connection db, String replays, List<Letter> letters, String id, String action)
      throws SQLException {
    try (PreparedStatement st =
        db.prepareStatement(
            "INSERT INTO "
                + replays
                + " (source, position, reason, replay_id, action)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Letter l : letters) {
        st.setString(1, l.source());
        st.setString(2, l.position());
        st.setString(3, l.reason());
        st.setString(4, id);
        st.setString(5, action);
        st.addBatch();
      }
      st.executeBatch();
    }
  }
}
